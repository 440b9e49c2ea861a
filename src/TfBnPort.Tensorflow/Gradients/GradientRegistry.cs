namespace TfBnPort.Tensorflow.Gradients;

/// <summary>A gradient function: given the op and the gradients of its outputs, the gradients of its inputs (null = none).</summary>
public delegate Tensor?[] GradientFunction(Operation op, Tensor?[] outputGrads);

/// <summary>
/// The C# gradient registry, one function per op type, mirroring Python TF1's *_grad.py files
/// (TF_AddGradients' C++ registry lacks several ops the seeds need and builds different graphs).
/// </summary>
public static class GradientRegistry
{
    private static readonly Dictionary<string, GradientFunction> Functions = new();
    private static readonly HashSet<string> NotDifferentiable = new();

    static GradientRegistry()
    {
        MathGradients.Register();
        NnGradients.Register();
        ArrayGradients.Register();
        ControlFlowGradients.Register();
        BatchNormGradients.Register();
        // Also here, not only in NumericsChecks' static constructor: a CheckNumerics op built by hand
        // (graph.NewOperation) never runs that constructor, and would have no gradient.
        Debugging.NumericsChecks.RegisterGradient();
    }

    public static void Register(string opType, GradientFunction fn) => Functions[opType] = fn;

    public static void RegisterNotDifferentiable(params string[] opTypes)
    {
        foreach (var t in opTypes) NotDifferentiable.Add(t);
    }

    public static bool IsNotDifferentiable(string opType) => NotDifferentiable.Contains(opType);

    public static GradientFunction? Lookup(string opType) => Functions.GetValueOrDefault(opType);

    public static IReadOnlyCollection<string> RegisteredOpTypes => Functions.Keys;
}
