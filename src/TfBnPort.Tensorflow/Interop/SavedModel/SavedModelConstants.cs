namespace TfBnPort.Tensorflow.Interop;

/// <summary>saved_model/tag_constants.py.</summary>
public static class TagConstants
{
    public const string SERVING = "serve";
    public const string TRAINING = "train";
    public const string EVAL = "eval";
    public const string GPU = "gpu";
    public const string TPU = "tpu";
}

/// <summary>saved_model/signature_constants.py.</summary>
public static class SignatureConstants
{
    public const string DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default";
    public const string CLASSIFY_INPUTS = "inputs";
    public const string CLASSIFY_METHOD_NAME = "tensorflow/serving/classify";
    public const string CLASSIFY_OUTPUT_CLASSES = "classes";
    public const string CLASSIFY_OUTPUT_SCORES = "scores";
    public const string PREDICT_INPUTS = "inputs";
    public const string PREDICT_METHOD_NAME = "tensorflow/serving/predict";
    public const string PREDICT_OUTPUTS = "outputs";
    public const string REGRESS_INPUTS = "inputs";
    public const string REGRESS_METHOD_NAME = "tensorflow/serving/regress";
    public const string REGRESS_OUTPUTS = "outputs";
}

/// <summary>saved_model/constants.py: file and directory names of the SavedModel layout.</summary>
public static class SavedModelConstants
{
    public const int SAVED_MODEL_SCHEMA_VERSION = 1;
    public const string SAVED_MODEL_FILENAME_PB = "saved_model.pb";
    public const string SAVED_MODEL_FILENAME_PBTXT = "saved_model.pbtxt";
    public const string VARIABLES_DIRECTORY = "variables";
    public const string VARIABLES_FILENAME = "variables";
    public const string ASSETS_DIRECTORY = "assets";
    public const string MAIN_OP_KEY = "saved_model_main_op";
    public const string LEGACY_INIT_OP_KEY = "legacy_init_op";
    public const string INIT_OP_SIGNATURE_KEY = "__saved_model_init_op";
    public const string TRAIN_OP_SIGNATURE_KEY = "__saved_model_train_op";
}
