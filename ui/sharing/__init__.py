"""Contact ▸ Share…: forward a tip or make a referral packet, within what consent allows."""
