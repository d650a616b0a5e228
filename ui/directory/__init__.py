"""The directory pane: search the referral directory mid-call, read a
service's details and refer the caller to it."""
