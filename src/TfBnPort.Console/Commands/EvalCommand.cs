using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;

namespace TfBnPort.Console.Commands;

/// <summary><c>eval NAME --checkpoint PATH</c>: rebuild the sample's inference graph, restore, report test accuracy.</summary>
public static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = Help.NameDescription(allowAll: false) };
        name.AcceptOnlyFromAmong([.. SampleCatalog.Names]);
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "A checkpoint prefix (OUT/NAME/model.ckpt, or one of its files) or a folder (its latest checkpoint).",
            Required = true,
        };
        var binder = new SampleOptionsBinder();
        var command = new Command("eval", "Rebuild a sample's inference graph, restore a checkpoint into it and report its test accuracy.")
        {
            name, checkpoint, binder.TestLimit, binder.Seed,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error,
            () => Execute(context, parse.GetValue(name)!, parse.GetValue(checkpoint)!, binder.Bind(parse))));
        return command;
    }

    public static int Execute(CliContext context, string name, string checkpoint, SampleOptions options)
    {
        var sample = SampleCatalog.Find(name);
        var result = sample.Evaluate(checkpoint, options);
        var table = new Table().Title($"{Markup.Escape(sample.Name)}: restored {Markup.Escape(result.Checkpoint)}")
            .AddColumns("Variant", "Split", "Accuracy", "Examples");
        foreach (var a in result.Accuracies)
            table.AddRow(Markup.Escape(a.Variant.Replace('_', ' ')), a.Split, $"{a.Value * 100:F2}%", a.Examples.ToString());
        context.Console.Write(table);
        foreach (var a in result.Accuracies)
            // A count of correct digits is exact; the float32 mean TF computes is not worth printing to 17 digits.
            context.Console.WriteLine($"test accuracy ({a.Variant}): {Math.Round(a.Value * a.Examples)}/{a.Examples} = {a.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)}");
        context.Console.WriteLine(result.Note);
        return 0;
    }
}
