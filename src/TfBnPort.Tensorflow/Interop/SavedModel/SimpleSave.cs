using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow.Interop;

/// <summary>saved_model/simple_save.py: one meta graph tagged "serve", signature serving_default (predict), devices cleared.</summary>
public static class SimpleSave
{
    public static void Save(Session session, string export_dir, IDictionary<string, Tensor> inputs, IDictionary<string, Tensor> outputs)
    {
        var signatures = new Dictionary<string, SignatureDef>
        {
            [SignatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY] = SignatureDefUtils.PredictSignatureDef(inputs, outputs),
        };
        using var builder = new SavedModelBuilder(export_dir);
        builder.add_meta_graph_and_variables(session, [TagConstants.SERVING], signatures, clear_devices: true);
        builder.save();
    }
}
