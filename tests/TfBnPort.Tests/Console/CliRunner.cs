using TfBnPort.Console;

namespace TfBnPort.Tests.Cli;

/// <summary>Runs the command line in-process and captures everything it writes.</summary>
public static class CliRunner
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var code = App.Run(args, output);
        return (code, output.ToString());
    }
}
