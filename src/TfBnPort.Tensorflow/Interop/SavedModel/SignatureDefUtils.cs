using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>
/// saved_model/signature_def_utils_impl.py and utils_impl.build_tensor_info: SignatureDef protos
/// that name graph tensors with their dtypes and static shapes.
/// </summary>
public static class SignatureDefUtils
{
    /// <summary>utils.build_tensor_info: name, dtype (as the tensor has it), static shape.</summary>
    public static TensorInfo BuildTensorInfo(Tensor tensor) => new()
    {
        Name = tensor.Name,
        Dtype = tensor.DType.ToProto(),
        TensorShape = tensor.Shape.ToProto(),
    };

    public static SignatureDef BuildSignatureDef(IDictionary<string, TensorInfo>? inputs, IDictionary<string, TensorInfo>? outputs, string? method_name)
    {
        var signature = new SignatureDef();
        if (inputs is not null) foreach (var (key, info) in inputs) signature.Inputs[key] = info.Clone();
        if (outputs is not null) foreach (var (key, info) in outputs) signature.Outputs[key] = info.Clone();
        if (method_name is not null) signature.MethodName = method_name;
        return signature;
    }

    /// <summary>predict_signature_def: any tensors in and out, method tensorflow/serving/predict.</summary>
    public static SignatureDef PredictSignatureDef(IDictionary<string, Tensor> inputs, IDictionary<string, Tensor> outputs)
    {
        if (inputs is null || inputs.Count == 0) throw new ValueError("Prediction inputs cannot be None or empty.");
        if (outputs is null || outputs.Count == 0) throw new ValueError("Prediction outputs cannot be None or empty.");
        return BuildSignatureDef(inputs.ToDictionary(kv => kv.Key, kv => BuildTensorInfo(kv.Value)),
            outputs.ToDictionary(kv => kv.Key, kv => BuildTensorInfo(kv.Value)), SignatureConstants.PREDICT_METHOD_NAME);
    }

    /// <summary>
    /// classification_signature_def: serialized tf.Examples in (a string tensor), string classes and/or
    /// float scores out, method tensorflow/serving/classify — TF Serving's Classify API constrains the types.
    /// </summary>
    public static SignatureDef ClassificationSignatureDef(Tensor examples, Tensor? classes, Tensor? scores)
    {
        if (examples is null) throw new ValueError("Classification examples cannot be None.");
        if (classes is null && scores is null) throw new ValueError("Classification classes and scores cannot both be None.");
        var input = BuildTensorInfo(examples);
        if (input.Dtype != DataType.DtString) throw new ValueError("Classification examples must be a string Tensor.");
        var outputs = new Dictionary<string, TensorInfo>();
        if (classes is not null)
        {
            var info = BuildTensorInfo(classes);
            if (info.Dtype != DataType.DtString) throw new ValueError("Classification classes must be a string Tensor.");
            outputs[SignatureConstants.CLASSIFY_OUTPUT_CLASSES] = info;
        }
        if (scores is not null)
        {
            var info = BuildTensorInfo(scores);
            if (info.Dtype != DataType.DtFloat) throw new ValueError("Classification scores must be a float Tensor.");
            outputs[SignatureConstants.CLASSIFY_OUTPUT_SCORES] = info;
        }
        return BuildSignatureDef(new Dictionary<string, TensorInfo> { [SignatureConstants.CLASSIFY_INPUTS] = input }, outputs,
            SignatureConstants.CLASSIFY_METHOD_NAME);
    }
}
