return GeoFence.Gnss.Placeholder.One() - 1;
