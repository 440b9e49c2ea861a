using TfBnPort.Tensorflow;
using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Samples;

/// <summary>What `export` wrote.</summary>
public sealed record ExportResult(string Checkpoint, string SavedModelDir, string? FrozenPath, SignatureDef Signature, int FrozenVariables);

/// <summary>
/// `export NAME --checkpoint PREFIX --saved-model DIR [--frozen FILE.pb]`: a sample's serving graph with its
/// checkpoint restored, plus probabilities (softmax) and classes (argmax), written as a SavedModel (tag
/// serve, signature serving_default: images → logits, probabilities, classes) and optionally as a frozen GraphDef.
/// </summary>
public static class SampleExport
{
    public const string ProbabilitiesName = "probabilities";
    public const string ClassesName = "classes";

    public static ExportResult Export(string sample, string checkpoint, string savedModelDir, string? frozenPath)
    {
        var prefix = CheckpointArgument.Resolve(checkpoint);
        // Refused before anything is built or written, as SavedModelBuilder would refuse it.
        using var builder = new SavedModelBuilder(savedModelDir);
        var serving = ServingGraphs.Build(sample, prefix);
        using var graph = serving.Graph;
        Tensor probabilities, classes;
        using (graph.as_default())
        {
            probabilities = tf.nn.softmax(serving.Logits, name: ProbabilitiesName);
            classes = tf.argmax(serving.Logits, 1, name: ClassesName);
        }
        using var sess = tf.Session(graph);
        serving.Saver.restore(sess, prefix);

        var signature = SignatureDefUtils.PredictSignatureDef(
            new Dictionary<string, Tensor> { ["images"] = serving.Images },
            new Dictionary<string, Tensor> { ["logits"] = serving.Logits, ["probabilities"] = probabilities, ["classes"] = classes });
        // The frozen graph is computed first (reading the variables), so a failure there writes nothing either.
        GraphDef? frozen = frozenPath is null ? null
            : GraphUtil.ConvertVariablesToConstants(sess, graph.as_graph_def(), [serving.Logits.Op.Name, ProbabilitiesName, ClassesName]);
        builder.add_meta_graph_and_variables(sess, [TagConstants.SERVING],
            new Dictionary<string, SignatureDef> { [SignatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY] = signature }, clear_devices: true,
            saver: serving.Saver); // the sample's own Saver: one saver in the graph, so the safety check sees no stray save ops
        builder.save();
        string? written = null;
        if (frozen is not null)
        {
            var full = Path.GetFullPath(frozenPath!);
            written = GraphIO.WriteGraph(frozen, Path.GetDirectoryName(full)!, Path.GetFileName(full), as_text: GraphIO.IsTextName(full));
        }
        var frozenCount = frozen?.Node.Count(n => n.Op == "Const" && graph.OperationByName(n.Name)?.Type is "VariableV2" or "Variable") ?? 0;
        return new ExportResult(prefix, builder.ExportDir, written, signature, frozenCount);
    }
}
