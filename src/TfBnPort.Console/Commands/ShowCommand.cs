using System.CommandLine;
using Spectre.Console;
using TfBnPort.Console.Cli;
using TfBnPort.Console.Output;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;

namespace TfBnPort.Console.Commands;

/// <summary><c>show PATH</c>: what a .meta, a .pb/.pbtxt or a SavedModel directory holds, read from the file alone (nothing runs).</summary>
public static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH") { Description = "A SavedModel directory, a .meta (MetaGraphDef) or a .pb/.pbtxt (GraphDef)." };
        var tags = new Option<string>("--tag-set") { Description = "A SavedModel's meta graph to describe, by its tags joined with commas (default: serve)." };
        var command = new Command("show", "Show what a model file holds, like saved_model_cli show --all: TensorFlow version, " +
                                          "signatures, placeholders, collections, variables, op types.") { path, tags };
        command.SetAction(parse => KnownErrors.Guard(context.Error,
            () => Execute(context, parse.GetValue(path)!, parse.GetValue(tags))));
        return command;
    }

    public static int Execute(CliContext context, string path, string? tagSet)
    {
        var model = ModelFile.Read(path, tagSet?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var line in ModelReport.Lines(model)) context.Console.WriteLine(line);
        foreach (var line in RiskyOpsReport.Lines(ModelSafety.Inspect(model))) context.Console.WriteLine(line);
        return 0;
    }
}
