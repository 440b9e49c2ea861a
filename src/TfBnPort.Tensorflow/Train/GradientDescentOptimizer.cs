namespace TfBnPort.Tensorflow;

/// <summary>tf.train.GradientDescentOptimizer: var -= learning_rate · grad (ApplyGradientDescent).</summary>
public sealed class GradientDescentOptimizer(object learning_rate, bool use_locking = false, string name = "GradientDescent")
    : Optimizer(name, use_locking)
{
    private Tensor? _learningRate;

    protected override void Prepare() => _learningRate = OpHelper.ToTensor(learning_rate, null, "learning_rate");

    protected override Operation ApplyDense(Tensor grad, Variable var) =>
        var.Graph.NewOperation("ApplyGradientDescent", "ApplyGradientDescent")
            .Input(var.Ref).Input(Cast(_learningRate!, var.DType)).Input(grad).Attr("use_locking", UseLocking).Finish();
}
