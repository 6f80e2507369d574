"""Inspection: office calendars, appointment clearance, inspection slots and bookings, red-lane
inspection orders, tailored inspection plans and inspection records."""
