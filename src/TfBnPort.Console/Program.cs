return TfBnPort.Console.App.Run(args);
