using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Commands;

namespace TfBnPort.Console;

/// <summary>
/// The tfbnport command line: run, eval, info, ckpt list, crosscheck, bench. Without arguments it shows
/// help (which lists the samples). Known errors end with a one-line message and exit code 1.
/// </summary>
public static class App
{
    /// <summary>
    /// Runs the command line. <paramref name="output"/> (tests) replaces the terminal: help, tables
    /// and log lines all go there, without colors or progress bars.
    /// </summary>
    public static int Run(string[] args, TextWriter? output = null)
    {
        var console = output is null ? AnsiConsole.Console : PlainConsole.Create(output);
        // Progress bars only on a real terminal; redirected output gets the plain log lines.
        var interactive = output is null && console.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected;
        if (output is null && System.Console.IsOutputRedirected) console.Profile.Width = PlainConsole.Width;
        var context = new CliContext(console, output ?? System.Console.Out, output ?? System.Console.Error, interactive);
        var root = BuildRootCommand(context);
        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            // Ctrl+C is handled by the run command itself (stop at the next step, save, say so).
            ProcessTerminationTimeout = null,
        };
        return root.Parse(args.Length == 0 ? ["--help"] : args).Invoke(invocation);
    }

    public static RootCommand BuildRootCommand(CliContext context)
    {
        var root = new RootCommand(Help.RootDescription())
        {
            RunCommand.Create(context),
            EvalCommand.Create(context),
            InfoCommand.Create(context),
            CkptCommand.Create(context),
            CrossCheckCommand.Create(context),
            BenchCommand.Create(context),
            ExportCommand.Create(context),
            ShowCommand.Create(context),
            ScoreCommand.Create(context),
        };
        return root;
    }
}
