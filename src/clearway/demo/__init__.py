"""The deterministic demo district: Ordos battery exports and Horgos iron ore by rail."""
