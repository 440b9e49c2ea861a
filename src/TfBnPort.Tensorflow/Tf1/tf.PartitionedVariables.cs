namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>
    /// get_variable under a partitioner (variable_scope._get_partitioned_variable): the variable "scope/name"
    /// as parts "name/part_i" cut along the one axis the partitioner splits, the first (size % parts) parts
    /// one element longer; each part initialized with <paramref name="initializer"/> at the part's shape
    /// (variance scaling takes its fans from the full shape, as TF's partition_info makes it).
    /// <paramref name="partitioner"/> defaults to the current variable scope's. Under reuse, the existing one.
    /// </summary>
    public static PartitionedVariable get_partitioned_variable(string name, int[] shape, DType dtype = DType.Float, IInitializer? initializer = null,
        bool? trainable = null, IEnumerable<string>? collections = null, Partitioner? partitioner = null)
    {
        var graph = get_default_graph();
        var store = VariableStore.Of(graph);
        var scope = store.Current;
        var fullName = scope.Name.Length > 0 ? scope.Name + "/" + name : name;
        var fullShape = new TensorShape(shape);
        partitioner ??= scope.Partitioner
            ?? throw new ValueError($"get_partitioned_variable({fullName}): no partitioner given and the variable scope has none.");
        if (store.PartitionedVariables.TryGetValue(fullName, out var found))
        {
            if (!scope.IsReuse && !scope.IsAutoReuse)
                throw new ValueError($"Partitioned variable with name {fullName} already exists. Did you mean to set reuse=True or reuse=tf.AUTO_REUSE in VarScope?");
            if (!fullShape.IsCompatibleWith(found.Shape))
                throw new ValueError($"Trying to reuse partitioned variable {fullName}, but specified shape {fullShape} and found shape {found.Shape}.");
            if (found.DType != dtype.BaseType())
                throw new ValueError($"Trying to reuse partitioned variable {fullName}, but specified dtype {dtype.PyName()} and found dtype {found.DType.PyName()}.");
            return found;
        }
        if (scope.IsReuse && !scope.IsAutoReuse)
            throw new ValueError($"PartitionedVariable {fullName} does not exist, or was not created with tf.get_variable(). Did you mean to set reuse=False in VarScope?");

        var partitions = partitioner(fullShape, dtype);
        if (partitions.Length != shape.Length)
            throw new ValueError($"Partitioner returned a partition list that does not match the Variable's rank: [{string.Join(", ", partitions)}] vs. {fullShape}");
        if (partitions.Any(p => p < 1))
            throw new ValueError($"Partitioner returned zero partitions for some axes: [{string.Join(", ", partitions)}]");
        var sliceAxes = Enumerable.Range(0, partitions.Length).Where(i => partitions[i] > 1).ToList();
        if (sliceAxes.Count > 1)
            throw new ValueError($"Can only slice a variable along one dimension: shape: {fullShape}, partitioning: [{string.Join(", ", partitions)}]");
        var axis = sliceAxes.Count == 1 ? sliceAxes[0] : 0;
        var numSlices = partitions[axis];
        var withExcess = shape[axis] % numSlices;

        var parts = new List<Variable>();
        for (var i = 0; i < numSlices; i++)
        {
            var partShape = (int[])shape.Clone();
            partShape[axis] = shape[axis] / numSlices + (i < withExcess ? 1 : 0);
            var partName = $"{fullName}/part_{i}";
            // TF opens (and so reserves) this name scope while choosing the part's initializer; a callable
            // initializer builds nothing in it.
            using (graph.NameScope(null))
            using (graph.NameScope(partName + "/PartitionedInitializer")) { }
            parts.Add(GetSingleVariable(graph, store, scope, partName, partShape, dtype, initializer, trainable, collections, shape));
            parts[^1].PartitionedName = fullName;
        }
        var variable = new PartitionedVariable(fullName, fullShape, dtype.BaseType(), parts, partitions);
        store.PartitionedVariables[fullName] = variable;
        return variable;
    }
}
