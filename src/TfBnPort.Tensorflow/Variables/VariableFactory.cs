namespace TfBnPort.Tensorflow;

/// <summary>Builds RefVariables the way variables.py does (name scope, VariableV2, Assign, read).</summary>
internal static class VariableFactory
{
    /// <summary>
    /// <paramref name="initialValue"/> is called inside the variable's "Initializer" scope when
    /// <paramref name="initFromFn"/> (get_variable), else it is an already built tensor (tf.Variable).
    /// </summary>
    public static Variable Create(Graph graph, string name, Func<Tensor> initialValue, bool initFromFn, bool trainable,
        IEnumerable<string>? collections, DType? dtype, TensorShape? shape = null)
    {
        // init_scope: variables are created outside any tf.cond branch and control dependencies.
        var savedContext = graph.ControlFlowContext;
        graph.ControlFlowContext = null;
        using var noDeps = graph.ControlDependencies(null);
        try
        {
            using var scope = graph.NameScope(name);
            var trueName = scope.ScopeName;
            Tensor init;
            if (initFromFn)
            {
                // The initializer is colocated with a variable that does not exist yet: a `_class` attr
                // naming it, and no device of its own (Python's _attr_scope + device(None)).
                using (graph.ColocationAttrScope(trueName))
                using (graph.device((string?)null))
                using (graph.NameScope("Initializer")) init = initialValue();
            }
            else init = initialValue();
            if (dtype is { } d && init.DType.BaseType() != d.BaseType()) init = tf.cast(init, d);
            var varShape = shape ?? init.Shape;
            if (!varShape.IsFullyDefined)
                throw new ValueError($"initial_value of variable '{trueName}' must have a fully defined shape, got {varShape}.");
            var variableOp = graph.NewOperationExact("VariableV2", trueName)
                .Attr("shape", varShape).Attr("dtype", init.DType.BaseType()).Attr("container", "").Attr("shared_name", "").Finish();
            var variableRef = variableOp.Output(0);
            var assign = graph.NewOperation("Assign", "Assign").Input(variableRef).Input(init)
                .Attr("validate_shape", true).Attr("use_locking", true).Finish();
            Tensor snapshot;
            using (graph.colocate_with(variableOp))
                snapshot = graph.NewOperation("Identity", "read").Input(variableRef).Finish().Output(0);
            var variable = new Variable(variableRef, init, assign, snapshot, trainable);
            var names = (collections ?? new[] { GraphKeys.GLOBAL_VARIABLES }).ToList();
            if (trainable && !names.Contains(GraphKeys.TRAINABLE_VARIABLES)) names.Add(GraphKeys.TRAINABLE_VARIABLES);
            graph.AddToCollections(names, variable);
            return variable;
        }
        finally
        {
            graph.ControlFlowContext = savedContext;
        }
    }
}
