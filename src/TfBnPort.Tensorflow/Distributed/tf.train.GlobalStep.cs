namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class train
    {
        /// <summary>training_util.get_global_step: the one variable of the GLOBAL_STEP collection, or null.</summary>
        public static Variable? get_global_step(Graph? graph = null)
        {
            var items = (graph ?? get_default_graph()).GetCollection(GraphKeys.GLOBAL_STEP);
            if (items.Count == 0) return null;
            if (items.Count > 1) throw new InvalidOperationException("Multiple tensors in global_step collection.");
            return items[0] as Variable ?? throw new TypeError($"Existing \"global_step\" is not a Variable: {items[0]}");
        }

        /// <summary>training_util.create_global_step: an int64 scalar "global_step" (zeros, not trainable) in GLOBAL_VARIABLES and GLOBAL_STEP.</summary>
        public static Variable create_global_step(Graph? graph = null)
        {
            var g = graph ?? get_default_graph();
            if (get_global_step(g) is not null) throw new ValueError("\"global_step\" already exists.");
            using var _ = g.as_default();
            using var noScope = g.NameScope(null);
            return get_variable(GraphKeys.GLOBAL_STEP, Array.Empty<int>(), DType.Int64, zeros_initializer(), trainable: false,
                collections: new[] { GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP });
        }

        public static Variable get_or_create_global_step(Graph? graph = null) => get_global_step(graph) ?? create_global_step(graph);
    }
}
