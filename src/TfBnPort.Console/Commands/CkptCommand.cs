using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Tensorflow;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>ckpt list PATH</c>: the variables of a checkpoint with dtype and shape (tf.train.list_variables);
/// <c>ckpt strip SOURCE DESTINATION</c>: a copy without optimizer state.
/// </summary>
public static class CkptCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "A checkpoint prefix (or one of its files) or a folder (its latest checkpoint)." };
        var list = new Command("list", "List a checkpoint's variables with their dtype and shape.") { path };
        list.SetAction(parse => KnownErrors.Guard(context.Error, () => List(context, parse.GetValue(path)!)));
        var source = new Argument<string>("SOURCE") { Description = "The checkpoint to copy (prefix, one of its files, or a folder)." };
        var destination = new Argument<string>("DESTINATION") { Description = "The prefix to write, e.g. models/cnn-manual-bn/model.ckpt." };
        var strip = new Command("strip", "Copy a checkpoint without the optimizer's slots (Adam m/v, beta powers): what eval and inference need.") { source, destination };
        strip.SetAction(parse => KnownErrors.Guard(context.Error, () => Strip(context, parse.GetValue(source)!, parse.GetValue(destination)!)));
        var sample = new Argument<string>("NAME") { Description = Help.NameDescription(allowAll: false) };
        sample.AcceptOnlyFromAmong([.. TfBnPort.Samples.SampleCatalog.Names]);
        var prefix = new Argument<string>("PREFIX") { Description = "The sample's checkpoint; PREFIX.meta is written beside it." };
        var seed = new Option<int?>("--seed") { Description = "The --seed the run used (recorded in the graph's random ops)." };
        var meta = new Command("meta", "Write PREFIX.meta for a sample's existing checkpoint (the graph whose Saver matches it), as Saver.save does for new ones.") { sample, prefix, seed };
        meta.SetAction(parse => KnownErrors.Guard(context.Error, () => Meta(context, parse.GetValue(sample)!, parse.GetValue(prefix)!, parse.GetValue(seed))));
        return new Command("ckpt", "Inspect and copy checkpoints.") { list, strip, meta };
    }

    public static int List(CliContext context, string path)
    {
        var variables = tf.train.list_variables(path);
        var table = new Table().Title(Markup.Escape(path)).AddColumns("Variable", "DType", "Shape");
        foreach (var v in variables)
            table.AddRow(Markup.Escape(v.Name), v.DType.PyName(), new TensorShape(v.Shape).ToString());
        context.Console.Write(table);
        context.Console.WriteLine($"{variables.Count} variables, {variables.Sum(v => v.Shape.Aggregate(1L, (a, b) => a * b)):N0} values");
        return 0;
    }

    public static int Meta(CliContext context, string sample, string prefix, int? seed)
    {
        context.Console.WriteLine($"Wrote {TfBnPort.Samples.SampleMetaGraphs.Write(sample, prefix, seed)}.");
        return 0;
    }

    public static int Strip(CliContext context, string source, string destination)
    {
        var kept = CheckpointStripper.Strip(source, destination);
        context.Console.WriteLine($"Wrote {destination} with {kept.Count} variables (optimizer state left out).");
        return 0;
    }
}
