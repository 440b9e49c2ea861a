namespace TfBnPort.Tensorflow;

/// <summary>What contrib's layers.py takes from contrib.framework: model_variable, collections, named outputs.</summary>
internal static class ContribVariables
{
    /// <summary>
    /// variables.model_variable: get_variable filed under the given collections plus GLOBAL_VARIABLES and
    /// MODEL_VARIABLES. A newly created variable's <paramref name="regularizer"/> loss is built as
    /// get_variable builds it (absolute scope "&lt;var&gt;/Regularizer/", colocated, outside any cond or
    /// control dependency) and filed under REGULARIZATION_LOSSES; a reused variable adds no loss.
    /// </summary>
    public static Variable ModelVariable(string name, int[] shape, DType dtype, IInitializer initializer, Func<Tensor, Tensor>? regularizer,
        IEnumerable<string> collections, bool trainable)
    {
        var graph = tf.get_default_graph();
        var store = VariableStore.Of(graph);
        var scopeName = store.Current.Name;
        var fullName = scopeName.Length > 0 ? scopeName + "/" + name : name;
        var isNew = !store.Variables.ContainsKey(fullName);
        var all = collections.Concat(new[] { GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES }).Distinct().ToList();
        var variable = tf.get_variable(name, shape, dtype, initializer, trainable, all);
        if (isNew && regularizer is not null) AddRegularizationLoss(graph, variable, regularizer);
        return variable;
    }

    private static void AddRegularizationLoss(Graph graph, Variable variable, Func<Tensor, Tensor> regularizer)
    {
        var savedContext = graph.ControlFlowContext;
        graph.ControlFlowContext = null;
        try
        {
            using var noDeps = graph.ControlDependencies(null);
            using var colocated = graph.colocate_with(variable.Op);
            using var scope = graph.NameScope(variable.OpName + "/Regularizer/");
            var loss = regularizer(variable.Snapshot);
            graph.AddToCollection(GraphKeys.REGULARIZATION_LOSSES, loss);
        }
        finally
        {
            graph.ControlFlowContext = savedContext;
        }
    }

    /// <summary>
    /// layers.py's variable scope carries a custom getter (_model_variable_getter) that makes every
    /// get_variable inside it a model variable, zero-debias's "biased" and "local_step" included:
    /// files the global variables created since <paramref name="before"/> that MODEL_VARIABLES lacks.
    /// </summary>
    public static void FileNewAsModelVariables(Graph graph, ISet<object> before)
    {
        var model = graph.GetCollection(GraphKeys.MODEL_VARIABLES).ToHashSet();
        foreach (var v in graph.GetCollection(GraphKeys.GLOBAL_VARIABLES))
            if (!before.Contains(v) && !model.Contains(v)) graph.AddToCollection(GraphKeys.MODEL_VARIABLES, v);
    }

    /// <summary>_add_variable_to_collections: a core layer variable into the collections asked for it.</summary>
    public static void AddToCollections(Graph graph, Variable variable, IEnumerable<string> collections)
    {
        foreach (var name in collections)
            if (!graph.GetCollection(name).Contains(variable)) graph.AddToCollection(name, variable);
    }

    /// <summary>utils.collect_named_outputs: the layer's output into each of <paramref name="collections"/>.</summary>
    public static Tensor CollectNamedOutputs(Graph graph, IEnumerable<string>? collections, Tensor outputs)
    {
        if (collections is not null) graph.AddToCollections(collections, outputs);
        return outputs;
    }

    /// <summary>Updates filed as TF's add_to_collections does (each collection once).</summary>
    public static void AddUpdates(Graph graph, string collection, params Tensor[] updates)
    {
        foreach (var u in updates) graph.AddToCollection(collection, u);
    }
}
