using System.CommandLine;
using Spectre.Console;
using System.Globalization;
using TfBnPort.Console.Cli;
using TfBnPort.Samples;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Interop.Safety;

namespace TfBnPort.Console.Commands;

/// <summary>
/// <c>score MODEL …</c>: the accuracy of any model file on the MNIST test digits. Read the file, check it,
/// open a session on it, feed the digits; the last line is "accuracy 0.9742 (9742/10000)".
/// </summary>
public static class ScoreCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("MODEL") { Description = "A SavedModel directory, a .meta (with its checkpoint) or a frozen .pb/.pbtxt." };
        var input = new Option<string>("--input") { Description = "The tensor fed the images [N, 784] (default: the signature's single input)." };
        var output = new Option<string>("--output") { Description = "The [N, classes] tensor whose argmax is the prediction (default: the signature's logits, else probabilities)." };
        var checkpoint = new Option<string>("--checkpoint") { Description = "For a .meta: the checkpoint prefix (default: the one the 'checkpoint' file beside it names, else the .meta's own prefix)." };
        var feeds = new Option<string[]>("--feed") { Description = "NAME=VALUE, a scalar to feed as well (keep_prob=1, training=false); repeatable.", AllowMultipleArgumentsPerToken = false };
        var signature = new Option<string>("--signature") { Description = "The signature to use (default: serving_default, else the only one)." };
        var pixels = new Option<string>("--pixels") { Description = "unit: pixels as x/255 in [0, 1] (default); raw: 0-255.", DefaultValueFactory = _ => "unit" };
        pixels.AcceptOnlyFromAmong("unit", "raw");
        var limit = new Option<int?>("--limit") { Description = "Score only the first N test digits." };
        var batch = new Option<int?>("--batch-size") { Description = "Digits per run (default: all in one run, as a BN layer using batch statistics needs)." };
        var allowOps = new Option<string>("--allow-ops") { Description = "OP[,OP…]: op types to run although they are not pure computation (WriteFile, ReadFile, …); `show` lists them." };
        var trustModel = new Option<bool>("--trust-model") { Description = "Run whatever the model holds (skip the op and path checks): only for models you trust." };
        var timeout = new Option<long?>("--timeout-ms") { Description = $"The longest one session run may take (RunOptions.timeout_in_ms; default {ScoreOptions.DefaultTimeoutMs})." };
        var maxTensor = new Option<long?>("--max-tensor-mb") { Description = $"The largest feed, declared output or constant accepted, in MiB (default {ModelLoadOptions.DefaultMaxTensorBytes >> 20})." };
        var command = new Command("score", "Score a model file on the MNIST test digits and print its accuracy.")
        {
            model, input, output, checkpoint, feeds, signature, pixels, limit, batch, allowOps, trustModel, timeout, maxTensor,
        };
        command.SetAction(parse => KnownErrors.Guard(context.Error, () => Execute(context, parse.GetValue(model)!, parse.GetValue(checkpoint), new ScoreOptions
        {
            Input = parse.GetValue(input),
            Output = parse.GetValue(output),
            Feeds = parse.GetValue(feeds) ?? [],
            Signature = parse.GetValue(signature),
            RawPixels = parse.GetValue(pixels) == "raw",
            Limit = Positive(parse.GetValue(limit), "--limit"),
            BatchSize = Positive(parse.GetValue(batch), "--batch-size"),
            Safety = ModelLoadOptions.Safe with
            {
                TrustModel = parse.GetValue(trustModel),
                AllowOps = ModelLoadOptions.ParseOpList(parse.GetValue(allowOps)),
                MaxTensorBytes = (Positive(parse.GetValue(maxTensor), "--max-tensor-mb") ?? ModelLoadOptions.DefaultMaxTensorBytes >> 20) << 20,
            },
            TimeoutMs = Positive(parse.GetValue(timeout), "--timeout-ms") ?? ScoreOptions.DefaultTimeoutMs,
            MaxTensorBytes = (Positive(parse.GetValue(maxTensor), "--max-tensor-mb") ?? ModelLoadOptions.DefaultMaxTensorBytes >> 20) << 20,
        })));
        return command;
    }

    public static int Execute(CliContext context, string path, string? checkpoint, ScoreOptions options)
    {
        var file = ModelFile.Read(path, options: options.Safety);
        // Checks on the file alone, before any session exists (nothing of the model has run yet).
        ModelOpCheck.Check(file);
        using var model = ModelSession.Open(file, checkpoint, options: options.Safety); // refuses before creating a session what Safety does not allow
        var result = MnistScoring.Score(model, options);
        context.Console.WriteLine($"{file.Path}: {file.Kind}, written by {file.WrittenBy}");
        if (model.Checkpoint is not null) context.Console.WriteLine($"restored {model.Checkpoint}");
        context.Console.WriteLine($"input {result.Input}, output {result.Output}, {(options.RawPixels ? "raw pixels 0-255" : "pixels in [0, 1]")}");
        var perSecond = result.RunTime.TotalSeconds > 0 ? result.Examples / result.RunTime.TotalSeconds : 0;
        context.Console.WriteLine($"{result.Examples} images in {result.RunTime.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms of session runs ({perSecond.ToString("F0", CultureInfo.InvariantCulture)} images/s)");
        context.Console.WriteLine($"accuracy {result.Accuracy.ToString("0.0000", CultureInfo.InvariantCulture)} ({result.Correct}/{result.Examples})");
        return 0;
    }

    private static int? Positive(int? value, string option) =>
        value is <= 0 ? throw new TfBnPort.Tensorflow.ValueError($"{option} must be a positive number, got {value}.") : value;

    private static long? Positive(long? value, string option) =>
        value is <= 0 ? throw new TfBnPort.Tensorflow.ValueError($"{option} must be a positive number, got {value}.") : value;
}
