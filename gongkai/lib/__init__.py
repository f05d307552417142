"""Small plain helpers shared by the platform's apps (no models, no views)."""
