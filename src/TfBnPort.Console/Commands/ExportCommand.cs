using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;

namespace TfBnPort.Console.Commands;

/// <summary><c>export NAME --checkpoint PREFIX --saved-model DIR [--frozen FILE.pb]</c>: a sample's serving graph as a SavedModel (and a frozen GraphDef).</summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = Help.NameDescription(allowAll: false) };
        name.AcceptOnlyFromAmong([.. SampleCatalog.Names]);
        var checkpoint = new Option<string>("--checkpoint") { Description = "The checkpoint to export: a prefix (or one of its files) or a folder (its latest).", Required = true };
        var savedModel = new Option<string>("--saved-model") { Description = "The SavedModel directory to write (must not exist, or be empty).", Required = true };
        var frozen = new Option<string>("--frozen") { Description = "Also write the frozen GraphDef (variables as constants) here: .pb binary, .pbtxt text." };
        var command = new Command("export", "Export a sample's inference graph with a checkpoint as a SavedModel (signature serving_default: " +
                                            "images [?, 784] in [0, 1] → logits, probabilities, classes) and optionally a frozen GraphDef.")
        {
            name, checkpoint, savedModel, frozen,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () =>
            Execute(context, parse.GetValue(name)!, parse.GetValue(checkpoint)!, parse.GetValue(savedModel)!, parse.GetValue(frozen))));
        return command;
    }

    public static int Execute(CliContext context, string name, string checkpoint, string savedModel, string? frozen)
    {
        var result = SampleExport.Export(name, checkpoint, savedModel, frozen);
        context.Console.WriteLine($"restored {result.Checkpoint}");
        context.Console.WriteLine($"wrote SavedModel {result.SavedModelDir} (tag serve, signature serving_default: " +
                                  $"images {result.Signature.Inputs["images"].Name} → logits {result.Signature.Outputs["logits"].Name}, probabilities, classes)");
        if (result.FrozenPath is not null)
            context.Console.WriteLine($"wrote frozen GraphDef {result.FrozenPath} ({result.FrozenVariables} variables made constants)");
        return 0;
    }
}
