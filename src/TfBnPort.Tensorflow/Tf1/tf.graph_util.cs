using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.graph_util: freezing and pruning GraphDefs (graph_util_impl.py).</summary>
    public static class graph_util
    {
        /// <summary>The GraphDef with every variable that the outputs reach replaced by a Const of its value in <paramref name="sess"/>.</summary>
        public static GraphDef convert_variables_to_constants(Session sess, GraphDef input_graph_def, IReadOnlyCollection<string> output_node_names,
            IReadOnlyCollection<string>? variable_names_whitelist = null, IReadOnlyCollection<string>? variable_names_blacklist = null) =>
            GraphUtil.ConvertVariablesToConstants(sess, input_graph_def, output_node_names, variable_names_whitelist, variable_names_blacklist);

        /// <summary>The nodes that can reach <paramref name="dest_nodes"/>, in their original order.</summary>
        public static GraphDef extract_sub_graph(GraphDef graph_def, IReadOnlyCollection<string> dest_nodes) =>
            GraphUtil.ExtractSubGraph(graph_def, dest_nodes);

        /// <summary>CheckNumerics removed, Identity nodes outside control edges spliced out.</summary>
        public static GraphDef remove_training_nodes(GraphDef input_graph, IReadOnlyCollection<string>? protected_nodes = null) =>
            GraphUtil.RemoveTrainingNodes(input_graph, protected_nodes);
    }

    /// <summary>tf.io: writing graphs (graph_io.py).</summary>
    public static partial class io
    {
        /// <summary>Writes a Graph or GraphDef to LOGDIR/NAME, as text (.pbtxt) by default or binary; returns the path.</summary>
        public static string write_graph(object graph_or_graph_def, string logdir, string name, bool as_text = true) =>
            GraphIO.WriteGraph(graph_or_graph_def, logdir, name, as_text);
    }
}
