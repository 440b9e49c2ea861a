using NumSharp;
using TfBnPort.Tensorflow;

namespace TfBnPort.Console.Cli;

/// <summary>
/// Copies a checkpoint without its optimizer state (Adam's slots and beta powers, Momentum slots):
/// what inference and `eval` need, at a third of the size for Adam-trained models. Values are
/// copied by TensorFlow's own RestoreV2/SaveV2, bit for bit.
/// </summary>
public static class CheckpointStripper
{
    public static bool IsOptimizerState(string key) =>
        key.EndsWith("/Adam") || key.EndsWith("/Adam_1") || key.EndsWith("/Momentum") ||
        key.Split('/').Last() is "beta1_power" or "beta2_power";

    /// <summary>Writes DESTINATION (a prefix) with every variable of SOURCE except the optimizer's; returns the kept keys.</summary>
    public static IReadOnlyList<string> Strip(string source, string destination)
    {
        var kept = tf.train.list_variables(source).Where(v => !IsOptimizerState(v.Name)).ToList();
        using var graph = new Graph();
        using var _ = graph.as_default();
        var nameMap = new Dictionary<string, Variable>();
        foreach (var v in kept)
        {
            var zeros = new NDArray(TensorValue.ClrTypeOf(v.DType), new Shape(v.Shape.Select(d => (int)d).ToArray()));
            nameMap[v.Name] = tf.Variable(zeros, trainable: false, name: "v");
        }
        var saver = tf.train.Saver(name_map: nameMap);
        using var sess = new Session(graph);
        saver.restore(sess, CheckpointPrefix(source));
        saver.save(sess, destination);
        return kept.Select(v => v.Name).ToList();
    }

    private static string CheckpointPrefix(string path) =>
        Directory.Exists(path) ? tf.train.latest_checkpoint(path) ?? throw new CheckpointException($"'{path}' is a directory with no usable checkpoint.", path) : path;
}
