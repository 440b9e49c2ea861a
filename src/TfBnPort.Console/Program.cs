return TfBnPort.Console.App.Main(args);
