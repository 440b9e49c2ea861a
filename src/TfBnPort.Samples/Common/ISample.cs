namespace TfBnPort.Samples;

/// <summary>The document's hyper-parameters, shown in help and used when an option is left out.</summary>
public sealed record SampleDefaults(int? Epochs, int? Steps, int BatchSize, int? Seed, string StepsMeaning);

/// <summary>One of the four ported programs.</summary>
public interface ISample
{
    /// <summary>The name on the command line: contrib-mlp, cnn-manual-bn, geron-dnn, bn-vs-nobn.</summary>
    string Name { get; }

    /// <summary>One line for help and tables.</summary>
    string Title { get; }

    /// <summary>The seed document it ports (file in shared/seeds).</summary>
    string Document { get; }

    SampleDefaults Defaults { get; }

    /// <summary>Trains as the document does, prints its log lines, saves the model under OUT/NAME.</summary>
    SampleResult Run(SampleOptions options);

    /// <summary>Rebuilds the inference graph, restores <paramref name="checkpoint"/> (a prefix or a folder) and measures test accuracy.</summary>
    EvalResult Evaluate(string checkpoint, SampleOptions options);
}
