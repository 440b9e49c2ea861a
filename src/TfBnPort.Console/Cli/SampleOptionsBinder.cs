using System.CommandLine;
using TfBnPort.Samples;

namespace TfBnPort.Console.Cli;

/// <summary>The options run and eval share, and the SampleOptions they make.</summary>
public sealed class SampleOptionsBinder
{
    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Passes over the training data (cnn-manual-bn, geron-dnn)." };
    public Option<int?> Steps { get; } = new("--steps") { Description = "Training steps: contrib-mlp and bn-vs-nobn in all, cnn-manual-bn per epoch." };
    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Mini-batch size (default: the document's)." };
    public Option<int?> Limit { get; } = new("--limit") { Description = "Train on the first N training examples only." };
    public Option<int?> TestLimit { get; } = new("--test-limit") { Description = "Evaluate on the first N validation and test examples only." };
    public Option<int?> Seed { get; } = new("--seed") { Description = "Graph and NumPy seed (default: 42 for geron-dnn, none for the others, as the documents)." };
    public Option<string> Out { get; } = new("--out") { Description = "Output folder; each sample writes OUT/NAME/.", DefaultValueFactory = _ => "runs" };

    public IEnumerable<Option> TrainingOptions => [Epochs, Steps, BatchSize, Limit, TestLimit, Seed, Out];

    public SampleOptions Bind(ParseResult result)
    {
        foreach (var option in new[] { Epochs, Steps, BatchSize, Limit, TestLimit })
            if (result.GetValue(option) is <= 0)
                throw new SampleException($"{option.Name} must be a positive number.");
        return new SampleOptions
        {
            Epochs = result.GetValue(Epochs),
            Steps = result.GetValue(Steps),
            BatchSize = result.GetValue(BatchSize),
            Limit = result.GetValue(Limit),
            TestLimit = result.GetValue(TestLimit),
            Seed = result.GetValue(Seed),
            OutputDir = result.GetValue(Out) ?? "runs",
        };
    }
}
