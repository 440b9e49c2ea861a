using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;
using TfBnPort.Samples.CrossCheck;

namespace TfBnPort.Console.Commands;

/// <summary><c>crosscheck</c>: every batch-norm flavour the seeds use, and the keras modes, against the float64 reference BN.</summary>
public static class CrossCheckCommand
{
    public static Command Create(CliContext context)
    {
        var filter = new Option<string>("--filter") { Description = "Only the flavours whose description contains this text.", DefaultValueFactory = _ => "" };
        var small = new Option<bool>("--small") { Description = "Small shapes (fast; the default shapes are issue 3's)." };
        var tolerance = new Option<double?>("--tolerance")
        {
            Description = "Judge every row against this relative bound instead of its derived one (0: only bit-exact rows pass).",
        };
        var command = new Command("crosscheck",
            "Compare every batch-norm flavour the seeds use (forward, gradients, moving statistics) and the keras modes (axis=1, virtual_batch_size, renorm) with the float64 reference BN.")
        {
            filter, small, tolerance,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error,
            () => Execute(context, parse.GetValue(filter) ?? "", parse.GetValue(small), parse.GetValue(tolerance))));
        return command;
    }

    public static int Execute(CliContext context, string filter, bool small, double? tolerance = null)
    {
        if (tolerance is { } t && !(t >= 0))
            throw new SampleException($"--tolerance must be a relative bound of 0 or more, got {t.ToString(CultureInfo.InvariantCulture)}.");
        var options = small ? CrossCheckOptions.Small : CrossCheckOptions.Default;
        var rows = BatchNormCrossCheck.Run(options, filter);
        if (tolerance is { } bound) rows = rows.Select(r => r.JudgedAgainst(bound)).ToList();
        var table = new Table().AddColumns("", "Flavour", "Quantity", "max abs", "max rel", "tolerance");
        foreach (var r in rows)
            table.AddRow(r.Pass ? "PASS" : "[red]FAIL[/]", Markup.Escape(r.Flavour), Markup.Escape(r.Quantity),
                Sci(r.MaxAbs), Sci(r.MaxRel), r.Tolerance.ToString("0.0E+00", CultureInfo.InvariantCulture));
        context.Console.Write(table);
        var failed = rows.Count(r => !r.Pass);
        context.Console.WriteLine(rows.Count == 0 ? $"No flavour matches '{filter}'."
            : failed == 0 ? $"All {rows.Count} rows within tolerance." : $"{failed} of {rows.Count} rows out of tolerance.");
        return rows.Count > 0 && failed == 0 ? 0 : 1;
    }

    private static string Sci(double value) => value.ToString("0.00E+00", CultureInfo.InvariantCulture);
}
