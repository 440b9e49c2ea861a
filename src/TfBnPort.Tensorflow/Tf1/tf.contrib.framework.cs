using System.Text.RegularExpressions;

namespace TfBnPort.Tensorflow;

public static partial class tf
{
    public static partial class contrib
    {
        /// <summary>tf.contrib.framework's variable look-ups (contrib/framework/python/ops/variables.py).</summary>
        public static partial class framework
        {
            /// <summary>get_variables(scope, suffix, collection): the collection's variables whose name starts with <paramref name="scope"/> and ends with <paramref name="suffix"/>.</summary>
            public static List<Variable> get_variables(string? scope = null, string? suffix = null, string collection = GraphKeys.GLOBAL_VARIABLES)
            {
                var found = get_collection(collection, scope).OfType<Variable>();
                return suffix is null ? found.ToList() : found.Where(v => v.Name.EndsWith(suffix + ":0", StringComparison.Ordinal)).ToList();
            }

            /// <summary>get_model_variables(scope): the MODEL_VARIABLES collection (model_variable and contrib layers file their variables there).</summary>
            public static List<Variable> get_model_variables(string? scope = null, string? suffix = null) =>
                get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES);

            /// <summary>
            /// get_variables_by_name(given_name): variables whose op name is <paramref name="given_name"/> or
            /// ends with "/given_name" (TF matches the regex '/name:|^name:' against the tensor name).
            /// </summary>
            public static List<Variable> get_variables_by_name(string given_name, string? scope = null)
            {
                var pattern = new Regex("/" + given_name + ":|^" + given_name + ":");
                return get_variables(scope).Where(v => pattern.IsMatch(v.Name)).ToList();
            }
        }
    }
}
