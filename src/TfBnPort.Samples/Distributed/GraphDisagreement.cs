using System.Text.RegularExpressions;
using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Native;

namespace TfBnPort.Samples;

/// <summary>
/// TF 1.15's error when a task assigns (initializes or restores) a variable that already lives on the
/// ps with another shape — Assign's "Assign requires shapes of both tensors to match. lhs shape= …
/// rhs shape= …" (validate_shape) — made to say what it means: this task's graph disagrees with the
/// model on the ps, with the variable and the tasks involved.
/// </summary>
public static partial class GraphDisagreement
{
    public static bool IsShapeMismatch(TensorflowException e) =>
        e.Code == TF_Code.InvalidArgument && e.Message.Contains("Assign requires shapes of both tensors to match", StringComparison.Ordinal);

    public static TensorflowException Explain(TensorflowException e, string taskName)
    {
        // The failing node: VAR/Assign (the initializer) names the variable; save/Assign_N (a restore) does not.
        var node = NodeName().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;
        var variable = node is not null && node.EndsWith("/Assign", StringComparison.Ordinal) && !node.StartsWith("save", StringComparison.Ordinal)
            ? $"variable '{node[..^"/Assign".Length]}'" : $"a variable ({node ?? "see below"})";
        var shapes = Shapes().Match(e.Message) is { Success: true } s ? $" is {s.Groups[1].Value} on the ps but {s.Groups[2].Value} in {taskName}'s graph" : "";
        return new TensorflowException(TF_Code.InvalidArgument,
            $"The graph of {taskName} disagrees with the model on the ps, which another task (the chief, /job:worker/task:0, or an earlier run) created: " +
            $"{variable}{shapes}. Every worker must build the same graph (same sample, options and tfbnport version); to start a new model, " +
            $"restart the ps and clear the checkpoint folder. TensorFlow said: {e.Message}");
    }

    [GeneratedRegex(@"node (?:\{\{node )?([^\s\}\(\]]+)")]
    private static partial Regex NodeName();

    [GeneratedRegex(@"lhs shape= (\[[^\]]*\]) rhs shape= (\[[^\]]*\])")]
    private static partial Regex Shapes();
}
