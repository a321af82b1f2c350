using GeoFence.Device.Cli;

return CommandLine.Run(args);
