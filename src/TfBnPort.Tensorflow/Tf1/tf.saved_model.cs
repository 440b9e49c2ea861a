using TfBnPort.Tensorflow.Interop;
using TfBnPort.Tensorflow.Protos;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    /// <summary>tf.saved_model (TF1 API): simple_save, builder, loader, signature_def_utils and the constants.</summary>
    public static class saved_model
    {
        /// <summary>Exports <paramref name="session"/>'s graph and variables for serving (tag "serve", signature serving_default).</summary>
        public static void simple_save(Session session, string export_dir, IDictionary<string, Tensor> inputs, IDictionary<string, Tensor> outputs) =>
            SimpleSave.Save(session, export_dir, inputs, outputs);

        public static class builder
        {
            public static Interop.SavedModelBuilder SavedModelBuilder(string export_dir) => new(export_dir);
        }

        public static class loader
        {
            /// <summary>Loads the meta graph tagged <paramref name="tags"/> into <paramref name="sess"/> (on an empty graph) through TF_LoadSessionFromSavedModel.</summary>
            public static MetaGraphDef load(Session sess, IEnumerable<string> tags, string export_dir) => SavedModelLoader.Load(sess, tags, export_dir);

            /// <summary>True when EXPORT_DIR holds saved_model.pb or saved_model.pbtxt.</summary>
            public static bool maybe_saved_model_directory(string export_dir) => SavedModelLoader.IsSavedModelDirectory(export_dir);
        }

        public static class signature_def_utils
        {
            public static SignatureDef predict_signature_def(IDictionary<string, Tensor> inputs, IDictionary<string, Tensor> outputs) =>
                SignatureDefUtils.PredictSignatureDef(inputs, outputs);

            public static SignatureDef classification_signature_def(Tensor examples, Tensor? classes, Tensor? scores) =>
                SignatureDefUtils.ClassificationSignatureDef(examples, classes, scores);

            public static SignatureDef build_signature_def(IDictionary<string, TensorInfo>? inputs = null, IDictionary<string, TensorInfo>? outputs = null, string? method_name = null) =>
                SignatureDefUtils.BuildSignatureDef(inputs, outputs, method_name);
        }

        public static class utils
        {
            public static TensorInfo build_tensor_info(Tensor tensor) => SignatureDefUtils.BuildTensorInfo(tensor);
        }

        public static class tag_constants
        {
            public const string SERVING = TagConstants.SERVING;
            public const string TRAINING = TagConstants.TRAINING;
            public const string EVAL = TagConstants.EVAL;
            public const string GPU = TagConstants.GPU;
            public const string TPU = TagConstants.TPU;
        }

        public static class signature_constants
        {
            public const string DEFAULT_SERVING_SIGNATURE_DEF_KEY = SignatureConstants.DEFAULT_SERVING_SIGNATURE_DEF_KEY;
            public const string PREDICT_INPUTS = SignatureConstants.PREDICT_INPUTS;
            public const string PREDICT_OUTPUTS = SignatureConstants.PREDICT_OUTPUTS;
            public const string PREDICT_METHOD_NAME = SignatureConstants.PREDICT_METHOD_NAME;
            public const string CLASSIFY_INPUTS = SignatureConstants.CLASSIFY_INPUTS;
            public const string CLASSIFY_OUTPUT_CLASSES = SignatureConstants.CLASSIFY_OUTPUT_CLASSES;
            public const string CLASSIFY_OUTPUT_SCORES = SignatureConstants.CLASSIFY_OUTPUT_SCORES;
            public const string CLASSIFY_METHOD_NAME = SignatureConstants.CLASSIFY_METHOD_NAME;
        }
    }
}
