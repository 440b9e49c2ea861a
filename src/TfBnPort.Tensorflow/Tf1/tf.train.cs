using TfBnPort.Tensorflow.Gradients;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.gradients(ys, xs, grad_ys): symbolic gradients built by the C# registry.</summary>
    public static Tensor?[] gradients(IEnumerable<Tensor> ys, IEnumerable<object> xs, IEnumerable<Tensor?>? grad_ys = null, string name = "gradients") =>
        GradientsImpl.Gradients(ys.ToList(), xs.Select(x => x is Variable v ? v.Ref : OpHelper.ToTensor(x)).ToList(), grad_ys?.ToList(), name);

    public static Tensor?[] gradients(Tensor y, IEnumerable<object> xs) => gradients(new[] { y }, xs);

    public static partial class train
    {
        public static GradientDescentOptimizer GradientDescentOptimizer(object learning_rate, string name = "GradientDescent") => new(learning_rate, name: name);

        public static AdamOptimizer AdamOptimizer(object? learning_rate = null, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, string name = "Adam") =>
            new(learning_rate ?? 0.001, beta1, beta2, epsilon, name: name);

        /// <summary>lr · rate^(step / decay_steps), the exponent floored when <paramref name="staircase"/> (learning_rate_schedule.ExponentialDecay).</summary>
        public static Tensor exponential_decay(double learning_rate, object global_step, int decay_steps, double decay_rate, bool staircase = false, string? name = null)
        {
            var step = OpHelper.ToTensor(global_step);
            var graph = step.Graph;
            using var _ = graph.as_default();
            using var scope = name_scope(name ?? "ExponentialDecay");
            var initial = constant((float)learning_rate, name: "initial_learning_rate");
            var dtype = initial.DType;
            var decaySteps = cast(constant(decay_steps, name: "Cast/x"), dtype, name: "Cast");
            var decayRate = constant((float)decay_rate, name: "Cast_1/x");
            var stepF = cast(step, dtype, name: "Cast_2");
            var p = truediv(stepF, decaySteps, name: "truediv");
            if (staircase) p = floor(p, name: "Floor");
            return graph.NewOperationExact("Mul", scope.ScopeName).Input(initial).Input(pow(decayRate, p, name: "Pow")).Finish().Output(0);
        }
    }
}
