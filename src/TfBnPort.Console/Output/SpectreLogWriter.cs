using System.Text;
using Spectre.Console;

namespace TfBnPort.Console.Output;

/// <summary>
/// A TextWriter that hands whole lines to a Spectre console, so a sample's log lines appear above
/// the live progress bar instead of through it.
/// </summary>
public sealed class SpectreLogWriter(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            // Spectre expands no tabs in plain text; align them to 8 columns as a terminal would.
            console.WriteLine(ExpandTabs(_line.ToString().TrimEnd('\r')));
            _line.Clear();
        }
        else _line.Append(value);
    }

    protected override void Dispose(bool disposing)
    {
        if (_line.Length > 0) Write('\n');
        base.Dispose(disposing);
    }

    private static string ExpandTabs(string text)
    {
        if (!text.Contains('\t')) return text;
        var result = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '\t') result.Append(' ', 8 - result.Length % 8);
            else result.Append(c);
        }
        return result.ToString();
    }
}
