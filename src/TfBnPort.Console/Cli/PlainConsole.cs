using Spectre.Console;

namespace TfBnPort.Console.Cli;

/// <summary>A Spectre console over a TextWriter: no ANSI codes, no live display (tests, redirected output).</summary>
public static class PlainConsole
{
    public const int Width = 160;

    public static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = Width; // not the 80 columns Spectre assumes without a terminal
        return console;
    }
}
