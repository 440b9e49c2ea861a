namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public const Reuse AUTO_REUSE = Reuse.AutoReuse;

    /// <summary>tf.Variable(initial_value): ignores variable scopes' reuse and uniquifies its name (x, x_1...).</summary>
    public static Variable Variable(object initial_value, bool trainable = true, string? name = null, DType? dtype = null,
        IEnumerable<string>? collections = null)
    {
        var graph = OpHelper.GraphOf(initial_value);
        using var _ = graph.as_default();
        Tensor Init() => OpHelper.ToTensor(initial_value, dtype, "initial_value");
        return VariableFactory.Create(graph, name ?? "Variable", Init, initFromFn: false, trainable, collections, dtype);
    }

    /// <summary>
    /// tf.variable_scope(name, reuse): prefixes get_variable names; reuse=true requires the variables
    /// to exist, reuse=null (default) requires them not to (unless an outer scope reuses). Opens a
    /// name scope of the same name (made unique, as TF1 does). A <paramref name="partitioner"/> applies to
    /// get_variable here and in sub-scopes (null: the enclosing scope's).
    /// </summary>
    public static VariableScopeContext variable_scope(string name, bool? reuse = null, Reuse mode = Reuse.Inherit, Partitioner? partitioner = null) =>
        OpenVariableScope(name, null, reuse, mode, partitioner: partitioner);

    /// <summary>Re-enters a captured scope (variable_scope(scope_object, reuse=..., partitioner=...)).</summary>
    public static VariableScopeContext variable_scope(VariableScope scope, bool? reuse = null, Partitioner? partitioner = null) =>
        OpenVariableScope(null, scope, reuse, Reuse.Inherit, partitioner: partitioner);

    /// <summary>variable_scope(None, default_name=...): a unique scope name among the store's scopes (dense, dense_1...).</summary>
    public static VariableScopeContext variable_scope_default(string default_name, bool? reuse = null)
    {
        var store = VariableStore.Of(get_default_graph());
        var prefix = store.Current.Name;
        string Full(string n) => prefix.Length > 0 ? prefix + "/" + n : n;
        var name = FreeName.First(default_name, n => store.ScopeCounts.GetValueOrDefault(Full(n)) > 0);
        return OpenVariableScope(name, null, reuse, Reuse.Inherit, nameScopeName: default_name);
    }

    private static VariableScopeContext OpenVariableScope(string? name, VariableScope? existing, bool? reuse, Reuse mode, string? nameScopeName = null,
        Partitioner? partitioner = null)
    {
        var graph = get_default_graph();
        var store = VariableStore.Of(graph);
        var parent = store.Current;
        var isReuse = reuse ?? (mode == Reuse.True || parent.IsReuse);
        var autoReuse = mode == Reuse.AutoReuse || (reuse is null && parent.IsAutoReuse);
        if (existing is not null)
        {
            var nameScope = graph.NameScope(existing.OriginalNameScope.Length > 0 ? existing.OriginalNameScope : null);
            var scope = new VariableScope(existing.Name, reuse ?? existing.IsReuse, existing.IsAutoReuse, existing.OriginalNameScope,
                partitioner ?? existing.Partitioner);
            store.ScopeCounts[scope.Name] = store.ScopeCounts.GetValueOrDefault(scope.Name) + 1;
            return new VariableScopeContext(store, scope, nameScope, new Dictionary<string, int>(store.ScopeCounts));
        }
        var fullName = parent.Name.Length > 0 ? parent.Name + "/" + name : name!;
        var ns = graph.NameScope(nameScopeName ?? name);
        var created = new VariableScope(fullName, isReuse, autoReuse, ns.Name, partitioner ?? parent.Partitioner);
        store.ScopeCounts[fullName] = store.ScopeCounts.GetValueOrDefault(fullName) + 1;
        return new VariableScopeContext(store, created, ns);
    }

    public static VariableScope get_variable_scope() => VariableStore.Of(get_default_graph()).Current;

    /// <summary>
    /// tf.get_variable: the variable "scope/name", created with <paramref name="initializer"/>
    /// (glorot_uniform by default for floats) or, under reuse, the existing one (shape checked).
    /// </summary>
    public static Variable get_variable(string name, int[]? shape = null, DType dtype = DType.Float, IInitializer? initializer = null,
        bool? trainable = null, IEnumerable<string>? collections = null)
    {
        var graph = get_default_graph();
        var store = VariableStore.Of(graph);
        var scope = store.Current;
        var fullName = scope.Name.Length > 0 ? scope.Name + "/" + name : name;
        if (scope.Partitioner is not null)
            throw new NotSupportedException($"Variable {fullName}: the variable scope has a partitioner, so TF returns a PartitionedVariable; "
                + "call tf.get_partitioned_variable for it, or open a scope with set_partitioner(null).");
        return GetSingleVariable(graph, store, scope, fullName, shape, dtype, initializer, trainable, collections);
    }

    internal static Variable GetSingleVariable(Graph graph, VariableStore store, VariableScope scope, string fullName, int[]? shape, DType dtype,
        IInitializer? initializer, bool? trainable, IEnumerable<string>? collections, int[]? partitionedFullShape = null)
    {
        if (store.Variables.TryGetValue(fullName, out var found))
        {
            if (!scope.IsReuse && !scope.IsAutoReuse)
                throw new ValueError($"Variable {fullName} already exists, disallowed. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?");
            if (shape is not null && !new TensorShape(shape).IsCompatibleWith(found.Shape))
                throw new ValueError($"Trying to share variable {fullName}, but specified shape {new TensorShape(shape)} and found shape {found.Shape}.");
            if (found.DType != dtype.BaseType())
                throw new ValueError($"Trying to share variable {fullName}, but specified dtype {dtype.PyName()} and found dtype {found.DType.PyName()}.");
            return found;
        }
        if (scope.IsReuse && !scope.IsAutoReuse)
            throw new ValueError($"Variable {fullName} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?");
        if (shape is null)
            throw new ValueError($"Shape of a new variable ({fullName}) must be fully defined, but instead was <unknown>.");
        var init = initializer ?? (dtype.IsFloating() ? glorot_uniform_initializer() : zeros_initializer());
        // Variable names depend only on the variable scope, so the name scope is reset while creating it.
        using var top = graph.NameScope(null);
        var variable = VariableFactory.Create(graph, fullName, () => partitionedFullShape is null ? init.Call(shape, dtype) : init.CallPart(shape, dtype, partitionedFullShape), initFromFn: true,
            trainable ?? true, collections, dtype, new TensorShape(shape));
        store.Variables[fullName] = variable;
        return variable;
    }

    public static List<Variable> global_variables(string? scope = null) => get_collection(GraphKeys.GLOBAL_VARIABLES, scope).Cast<Variable>().ToList();
    public static List<Variable> trainable_variables(string? scope = null) => get_collection(GraphKeys.TRAINABLE_VARIABLES, scope).Cast<Variable>().ToList();

    public static Operation variables_initializer(IEnumerable<Variable> var_list, string name = "init") =>
        group(var_list.Select(v => (object)v.Initializer).ToList(), name);

    public static Operation global_variables_initializer() => variables_initializer(global_variables());

    // ---------- state ops ----------

    public static Tensor assign(object @ref, object value, bool validate_shape = true, bool use_locking = true, string? name = null)
    {
        var r = RefOf(@ref, "assign");
        var v = OpHelper.ToTensor(value, r.DType.BaseType());
        return r.Graph.NewOperation("Assign", name ?? "Assign").Input(r).Input(v)
            .Attr("validate_shape", validate_shape).Attr("use_locking", use_locking).Finish().Output(0);
    }

    public static Tensor assign_sub(object @ref, object value, bool use_locking = false, string? name = null)
    {
        var r = RefOf(@ref, "assign_sub");
        var v = OpHelper.ToTensor(value, r.DType.BaseType());
        return r.Graph.NewOperation("AssignSub", name ?? "AssignSub").Input(r).Input(v).Attr("use_locking", use_locking).Finish().Output(0);
    }

    public static Tensor assign_add(object @ref, object value, bool use_locking = false, string? name = null)
    {
        var r = RefOf(@ref, "assign_add");
        var v = OpHelper.ToTensor(value, r.DType.BaseType());
        return r.Graph.NewOperation("AssignAdd", name ?? "AssignAdd").Input(r).Input(v).Attr("use_locking", use_locking).Finish().Output(0);
    }

    private static Tensor RefOf(object @ref, string what) => @ref switch
    {
        Variable v => v.Ref,
        Tensor t when t.DType.IsRef() => t,
        _ => throw new TypeError($"tf.{what} needs a Variable (or a ref tensor), got {@ref}."),
    };
}
