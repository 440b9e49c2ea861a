namespace TfBnPort.Tensorflow;

/// <summary>
/// tf.train.ExponentialMovingAverage (moving_averages.py, TF 1.15): <see cref="apply"/> gives each
/// variable or tensor a non-trainable shadow variable "&lt;op name&gt;/&lt;name&gt;" — a variable's starts
/// from its initial value and joins MOVING_AVERAGE_VARIABLES, a tensor's starts at zeros (zero-debiased
/// when <c>zero_debias</c>) — and an op that moves every shadow: shadow −= (1 − decay)·(shadow − value),
/// decay = min(decay, (1 + num_updates)/(10 + num_updates)) when num_updates is given.
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly object _decay;
    private readonly object? _numUpdates;
    private readonly bool _zeroDebias;
    private readonly Dictionary<object, Variable> _averages = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Variable> _zeroDebiased = new();

    public ExponentialMovingAverage(object decay, object? num_updates = null, bool zero_debias = false, string name = "ExponentialMovingAverage")
    {
        _decay = decay;
        _numUpdates = num_updates;
        _zeroDebias = zero_debias;
        this.name = name;
    }

    /// <summary>The prefix of the shadow variables' names and the name scope of apply's ops.</summary>
    public string name { get; }

    /// <summary>
    /// Creates the shadow variables not yet made (outside any control dependencies: they can be initialized
    /// on their own) and returns one op, named after the EMA, that updates all of <paramref name="var_list"/>
    /// (default: the trainable variables). Items are Variables or float tensors (a raw VariableV2 ref too).
    /// </summary>
    public Operation apply(IEnumerable<object>? var_list = null)
    {
        var graph = tf.get_default_graph();
        var items = (var_list ?? tf.trainable_variables().Cast<object>()).ToList();
        foreach (var item in items)
        {
            var dtype = DTypeOf(item);
            if (dtype is not (DType.Float or DType.Double or DType.Half or DType.BFloat16))
                throw new TypeError($"The variables must be half, float, or double: {NameOf(item)}");
            if (_averages.ContainsKey(item)) continue;
            Variable avg;
            if (item is Variable v)
            {
                avg = CreateSlot(graph, v.OpName, v, () => v.InitialValue, initFromFn: false, v.DType, v.Shape);
                graph.AddToCollection(GraphKeys.MOVING_AVERAGE_VARIABLES, v);
            }
            else
            {
                var t = (Tensor)item;
                if (!t.Shape.IsFullyDefined)
                    throw new ValueError($"ExponentialMovingAverage.apply: the shape of {t.Name} ({t.Shape}) must be fully defined for its zeros shadow.");
                var colocate = t.Op.Type is "Variable" or "VariableV2" or "VarHandleOp";
                avg = CreateSlot(graph, t.Op.Name, colocate ? t.Op : null, () => tf.zeros(t.Shape.AsIntArray(), dtype), initFromFn: true, dtype, t.Shape);
                if (_zeroDebias) _zeroDebiased.Add(avg);
            }
            _averages[item] = avg;
        }

        using var _ = graph.as_default();
        using var scope = tf.name_scope(name);
        var decay = OpHelper.ToTensor(_decay, DType.Float, "decay");
        if (_numUpdates is not null)
        {
            var numUpdates = tf.cast(OpHelper.ToTensor(_numUpdates), DType.Float, name: "num_updates");
            decay = tf.minimum(decay, (1.0 + numUpdates) / (10.0 + numUpdates), name: "Minimum");
        }
        var updates = items.Select(item =>
        {
            var avg = _averages[item];
            // A raw VariableV2 ref is read by the ops that use it, as in Python.
            var value = item is Variable v ? v.Snapshot : (Tensor)item;
            return (object)tf.train.assign_moving_average(avg, value, decay, _zeroDebias && _zeroDebiased.Contains(avg));
        }).ToList();
        using var deps = graph.ControlDependencies(updates);
        return graph.NewOperationExact("NoOp", scope.ScopeName).Finish();
    }

    /// <summary>The shadow variable of <paramref name="var"/>, or null when apply has not been given it.</summary>
    public Variable? average(object var) => _averages.GetValueOrDefault(var);

    /// <summary>
    /// The shadow variable's name: the existing one's op name, else the name apply would give it now
    /// ("&lt;op name&gt;/&lt;name&gt;" under the current name scope, made unique; nothing is marked used).
    /// </summary>
    public string average_name(object var)
    {
        if (_averages.TryGetValue(var, out var avg)) return avg.OpName;
        return tf.get_default_graph().UniqueName(OpNameOf(var) + "/" + name, markAsUsed: false);
    }

    /// <summary>
    /// Names to restore each variable from, for a Saver: a variable with a moving average (by default the
    /// trainable ones and MOVING_AVERAGE_VARIABLES) under its average's name, every other global variable
    /// under its own.
    /// </summary>
    public Dictionary<string, Variable> variables_to_restore(IEnumerable<Variable>? moving_avg_variables = null) =>
        variables_to_restore((moving_avg_variables ?? tf.trainable_variables().Concat(tf.get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES).Cast<Variable>()))
            .Cast<object>()).ToDictionary(kv => kv.Key, kv => (Variable)kv.Value);

    /// <summary>
    /// variables_to_restore over Variables and tensors, as Python accepts both: a tensor maps its average's
    /// name to itself (what Python's dict holds); every global variable not averaged maps its own name to itself.
    /// </summary>
    public Dictionary<string, object> variables_to_restore(IEnumerable<object> moving_avg_variables)
    {
        var averaged = moving_avg_variables.GroupBy(OpNameOf).Select(g => g.First()).ToList();
        var nameMap = new Dictionary<string, object>();
        foreach (var v in averaged) nameMap[average_name(v)] = v;
        var averagedNames = averaged.Select(NameOf).ToHashSet();
        // A graph imported from a MetaGraphDef may list one variable twice; its op name keeps it once.
        foreach (var v in tf.global_variables())
            if (!averagedNames.Contains(v.Name) && !nameMap.ContainsKey(v.OpName)) nameMap[v.OpName] = v;
        return nameMap;
    }

    /// <summary>
    /// slot_creator.create_slot: a variable "&lt;primary op name&gt;/&lt;name&gt;" (made unique, in the current
    /// variable scope), not trainable, colocated with the primary when one is given, built outside control
    /// dependencies and tf.cond contexts (init_scope).
    /// </summary>
    private Variable CreateSlot(Graph graph, string primaryName, object? colocateWith, Func<Tensor> initialValue, bool initFromFn, DType dtype, TensorShape shape)
    {
        var store = VariableStore.Of(graph);
        var prefix = store.Current.Name.Length > 0 ? store.Current.Name + "/" : "";
        var slotName = FreeName.First(prefix + primaryName + "/" + name, n => store.Variables.ContainsKey(n) || graph.OperationByName(n) is not null);
        Variable slot;
        using (graph.as_default())
        using (graph.NameScope(null))
        using (colocateWith is null ? null : graph.colocate_with(colocateWith))
            slot = VariableFactory.Create(graph, slotName, initialValue, initFromFn, trainable: false, collections: null, dtype: dtype, shape: shape);
        store.Variables[slotName] = slot;
        return slot;
    }

    private static DType DTypeOf(object item) => item switch
    {
        Variable v => v.DType,
        Tensor t => t.DType.BaseType(),
        _ => throw new TypeError($"ExponentialMovingAverage.apply takes Variables and Tensors, got {item.GetType().Name}."),
    };

    private static string NameOf(object item) => item is Variable v ? v.Name : ((Tensor)item).Name;

    private static string OpNameOf(object item) => item switch
    {
        Variable v => v.OpName,
        Tensor t => t.Op.Name,
        _ => throw new TypeError($"ExponentialMovingAverage takes Variables and Tensors, got {item.GetType().Name}."),
    };
}
