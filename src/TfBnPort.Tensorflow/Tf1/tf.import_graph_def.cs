using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>
    /// tf.import_graph_def: copies <paramref name="graph_def"/> into the default graph under the name scope
    /// <paramref name="name"/> (null: "import"; "": no prefix), wiring <paramref name="input_map"/> tensors in
    /// place of the named inputs; returns the <paramref name="return_elements"/> (Operation or Tensor), or null.
    /// </summary>
    public static List<object>? import_graph_def(GraphDef graph_def, IDictionary<string, Tensor>? input_map = null,
        IEnumerable<string>? return_elements = null, string? name = "import") =>
        GraphDefImporter.Import(get_default_graph(), graph_def, input_map, return_elements, name);
}
