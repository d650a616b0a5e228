"""Services: one user action per method, one session per action, frozen DTOs out."""
