namespace TfBnPort.Tensorflow.Interop.Safety;

/// <summary>
/// The allowlist: op types that only compute (no file, network or process access), by TensorFlow
/// 1.15's own op categories. Generated from the REGISTER_OP names of the files named per group in
/// tensorflow/core/ops/ (1.15.0), without the _Mkl* rewrites and the few ops noted; it holds every
/// op type the four samples' graphs and the Python-written fixtures use. StringJoin, ShardedFilename and ShardedFilespec only build
/// strings (a checkpoint's file names); the ops that use such a path are judged by <see cref="CheckpointPathOps"/>.
/// </summary>
internal static class PureOps
{
    public static bool Contains(string opType) => All.Value.ContainsKey(opType);

    /// <summary>The group an allowed op type belongs to (for `show`), or null when it is not on the list.</summary>
    public static string? GroupOf(string opType) => All.Value.GetValueOrDefault(opType);

    // Lazy: static fields initialize in text order, and Groups is declared below.
    private static readonly Lazy<Dictionary<string, string>> All = new(Build);

    private static Dictionary<string, string> Build()
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (group, names) in Groups)
            foreach (var name in names.Split(' ', StringSplitOptions.RemoveEmptyEntries)) all.TryAdd(name, group);
        return all;
    }

    private static readonly (string Group, string Names)[] Groups =
    [
        // math_ops.cc, bitwise_ops.cc, linalg_ops.cc
        ("math",
            "Abs AccumulateNV2 Acos Acosh Add AddN AddV2 All Angle Any ApproximateEqual ArgMax ArgMin Asin Asinh " +
            "Atan Atan2 Atanh BatchCholesky BatchCholeskyGrad BatchMatMul BatchMatMulV2 BatchMatrixDeterminant " +
            "BatchMatrixInverse BatchMatrixSolve BatchMatrixSolveLs BatchMatrixTriangularSolve " +
            "BatchSelfAdjointEig BatchSelfAdjointEigV2 BatchSvd BesselI0e BesselI1e Betainc Bincount BitwiseAnd " +
            "BitwiseOr BitwiseXor Bucketize Cast Ceil Cholesky CholeskyGrad ClipByValue CompareAndBitpack Complex " +
            "ComplexAbs Conj Cos Cosh Cross Cumprod Cumsum CumulativeLogsumexp Digamma Div DivNoNan Einsum Equal " +
            "Erf Erfc EuclideanNorm Exp Expm1 Floor FloorDiv FloorMod Greater GreaterEqual HistogramFixedWidth " +
            "Igamma IgammaGradA Igammac Imag Inv InvGrad Invert IsFinite IsInf IsNan LeftShift Less LessEqual " +
            "Lgamma LinSpace Log Log1p LogMatrixDeterminant LogicalAnd LogicalNot LogicalOr Lu MatMul " +
            "MatrixDeterminant MatrixExponential MatrixInverse MatrixLogarithm MatrixSolve MatrixSolveLs " +
            "MatrixSquareRoot MatrixTriangularSolve Max Maximum Mean Min Minimum Mod Mul MulNoNan Neg NextAfter " +
            "NotEqual Polygamma PopulationCount Pow Prod Qr QuantizeDownAndShrinkRange QuantizedAdd " +
            "QuantizedMatMul QuantizedMul Range Real RealDiv Reciprocal ReciprocalGrad RequantizationRange " +
            "RequantizationRangePerChannel Requantize RequantizePerChannel RightShift Rint Round Rsqrt RsqrtGrad " +
            "SegmentMax SegmentMean SegmentMin SegmentProd SegmentSum Select SelectV2 SelfAdjointEig " +
            "SelfAdjointEigV2 Sigmoid SigmoidGrad Sign Sin Sinh SparseMatMul SparseSegmentMean " +
            "SparseSegmentMeanGrad SparseSegmentMeanWithNumSegments SparseSegmentSqrtN SparseSegmentSqrtNGrad " +
            "SparseSegmentSqrtNWithNumSegments SparseSegmentSum SparseSegmentSumWithNumSegments Sqrt SqrtGrad " +
            "Square SquaredDifference Sub Sum Svd Tan Tanh TanhGrad TridiagonalMatMul TridiagonalSolve " +
            "TruncateDiv TruncateMod UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd UnsortedSegmentSum " +
            "Xdivy Xlogy Zeta _FusedMatMul _HostCast _UnaryOpsComposition"),
        // nn_ops.cc
        ("neuralNetwork",
            "AvgPool AvgPool3D AvgPool3DGrad AvgPoolGrad BatchNormWithGlobalNormalization " +
            "BatchNormWithGlobalNormalizationGrad BiasAdd BiasAddGrad BiasAddV1 Conv2D Conv2DBackpropFilter " +
            "Conv2DBackpropInput Conv3D Conv3DBackpropFilter Conv3DBackpropFilterV2 Conv3DBackpropInput " +
            "Conv3DBackpropInputV2 DataFormatDimMap DataFormatVecPermute DepthwiseConv2dNative " +
            "DepthwiseConv2dNativeBackpropFilter DepthwiseConv2dNativeBackpropInput Dilation2D " +
            "Dilation2DBackpropFilter Dilation2DBackpropInput Elu EluGrad FractionalAvgPool FractionalAvgPoolGrad " +
            "FractionalMaxPool FractionalMaxPoolGrad FusedBatchNorm FusedBatchNormGrad FusedBatchNormGradV2 " +
            "FusedBatchNormGradV3 FusedBatchNormV2 FusedBatchNormV3 FusedPadConv2D FusedResizeAndPadConv2D InTopK " +
            "InTopKV2 L2Loss LRN LRNGrad LeakyRelu LeakyReluGrad LogSoftmax MaxPool MaxPool3D MaxPool3DGrad " +
            "MaxPool3DGradGrad MaxPoolGrad MaxPoolGradGrad MaxPoolGradGradV2 MaxPoolGradGradWithArgmax " +
            "MaxPoolGradV2 MaxPoolGradWithArgmax MaxPoolV2 MaxPoolWithArgmax NthElement QuantizedAvgPool " +
            "QuantizedBatchNormWithGlobalNormalization QuantizedBiasAdd QuantizedConv2D QuantizedConv2DAndRelu " +
            "QuantizedConv2DAndReluAndRequantize QuantizedConv2DAndRequantize QuantizedConv2DPerChannel " +
            "QuantizedConv2DWithBias QuantizedConv2DWithBiasAndRelu QuantizedConv2DWithBiasAndReluAndRequantize " +
            "QuantizedConv2DWithBiasAndRequantize QuantizedConv2DWithBiasSignedSumAndReluAndRequantize " +
            "QuantizedConv2DWithBiasSumAndRelu QuantizedConv2DWithBiasSumAndReluAndRequantize " +
            "QuantizedDepthwiseConv2D QuantizedDepthwiseConv2DWithBias QuantizedDepthwiseConv2DWithBiasAndRelu " +
            "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize QuantizedMatMulWithBias " +
            "QuantizedMatMulWithBiasAndRelu QuantizedMatMulWithBiasAndReluAndRequantize QuantizedMaxPool " +
            "QuantizedRelu QuantizedRelu6 QuantizedReluX Relu Relu6 Relu6Grad ReluGrad Selu SeluGrad Softmax " +
            "SoftmaxCrossEntropyWithLogits Softplus SoftplusGrad Softsign SoftsignGrad " +
            "SparseSoftmaxCrossEntropyWithLogits TopK TopKV2 _FusedBatchNormEx _FusedConv2D"),
        // array_ops.cc (ImmutableConst left out: it maps a file into memory), manip_ops.cc
        ("array",
            "BatchMatrixBandPart BatchMatrixDiag BatchMatrixDiagPart BatchMatrixSetDiag BatchToSpace " +
            "BatchToSpaceND BroadcastArgs BroadcastGradientArgs BroadcastTo CheckNumerics Concat ConcatOffset " +
            "ConcatV2 ConjugateTranspose Const DebugGradientIdentity DebugGradientRefIdentity DeepCopy " +
            "DepthToSpace Dequantize Diag DiagPart EditDistance Empty EnsureShape ExpandDims ExtractImagePatches " +
            "ExtractVolumePatches FakeQuantWithMinMaxArgs FakeQuantWithMinMaxArgsGradient FakeQuantWithMinMaxVars " +
            "FakeQuantWithMinMaxVarsGradient FakeQuantWithMinMaxVarsPerChannel " +
            "FakeQuantWithMinMaxVarsPerChannelGradient Fill Fingerprint Gather GatherNd GatherV2 GuaranteeConst " +
            "HostConst Identity IdentityN InplaceAdd InplaceSub InplaceUpdate InvertPermutation ListDiff " +
            "LowerBound MatrixBandPart MatrixDiag MatrixDiagPart MatrixDiagPartV2 MatrixDiagV2 MatrixSetDiag " +
            "MatrixSetDiagV2 MirrorPad MirrorPadGrad OneHot OnesLike Pack Pad PadV2 ParallelConcat Placeholder " +
            "PlaceholderV2 PlaceholderWithDefault PreventGradient QuantizeAndDequantize QuantizeAndDequantizeV2 " +
            "QuantizeAndDequantizeV3 QuantizeV2 QuantizedConcat QuantizedInstanceNorm QuantizedReshape Rank " +
            "RefIdentity Reshape ResourceStridedSliceAssign Reverse ReverseSequence ReverseV2 Roll ScatterNd " +
            "ScatterNdNonAliasingAdd Shape ShapeN ShardedFilename ShardedFilespec Size Slice Snapshot " +
            "SpaceToBatch SpaceToBatchND SpaceToDepth Split SplitV Squeeze StopGradient StridedSlice " +
            "StridedSliceAssign StridedSliceGrad StringJoin TensorScatterAdd TensorScatterSub TensorScatterUpdate " +
            "TensorStridedSliceUpdate Tile TileGrad Transpose Unique UniqueV2 UniqueWithCounts UniqueWithCountsV2 " +
            "Unpack UnravelIndex UpperBound Where ZerosLike _ParallelConcatStart _ParallelConcatUpdate"),
        // control_flow_ops.cc (Abort left out: it ends the process), no_op.cc, functional_ops.cc (RemoteCall left out: it runs on another task), function_ops.cc
        ("controlFlow",
            "Case ControlTrigger Enter Exit FakeParam For If LoopCond Merge NextIteration NoOp PartitionedCall " +
            "RefEnter RefExit RefMerge RefNextIteration RefSelect RefSwitch StatefulPartitionedCall StatelessIf " +
            "StatelessWhile Switch SymbolicGradient While _Arg _ArrayToList _DeviceArg _DeviceRetval _If " +
            "_ListToArray _Retval _SwitchN _While"),
        // state_ops.cc, resource_variable_ops.cc
        ("variables",
            "Assign AssignAdd AssignAddVariableOp AssignSub AssignSubVariableOp AssignVariableOp ConsumeMutexLock " +
            "CountUpTo DestroyResourceOp DestroyTemporaryVariable IsVariableInitialized MutexLock MutexV2 " +
            "ReadVariableOp ResourceCountUpTo ResourceGather ResourceGatherNd ResourceScatterAdd " +
            "ResourceScatterDiv ResourceScatterMax ResourceScatterMin ResourceScatterMul ResourceScatterNdAdd " +
            "ResourceScatterNdSub ResourceScatterNdUpdate ResourceScatterSub ResourceScatterUpdate ScatterAdd " +
            "ScatterDiv ScatterMax ScatterMin ScatterMul ScatterNdAdd ScatterNdSub ScatterNdUpdate ScatterSub " +
            "ScatterUpdate TemporaryVariable VarHandleOp VarIsInitializedOp Variable VariableShape VariableV2 " +
            "_ReadVariablesOp _VarHandlesOp"),
        // random_ops.cc, stateless_random_ops.cc
        ("random",
            "Multinomial ParameterizedTruncatedNormal RandomGamma RandomGammaGrad RandomPoisson RandomPoissonV2 " +
            "RandomShuffle RandomStandardNormal RandomUniform RandomUniformInt StatelessMultinomial " +
            "StatelessRandomUniformInt TruncatedNormal"),
        // training_ops.cc (the optimizers' Apply* kernels)
        ("training",
            "ApplyAdaMax ApplyAdadelta ApplyAdagrad ApplyAdagradDA ApplyAdagradV2 ApplyAdam ApplyAddSign " +
            "ApplyCenteredRMSProp ApplyFtrl ApplyFtrlV2 ApplyGradientDescent ApplyMomentum ApplyPowerSign " +
            "ApplyProximalAdagrad ApplyProximalGradientDescent ApplyRMSProp ResourceApplyAdaMax " +
            "ResourceApplyAdadelta ResourceApplyAdagrad ResourceApplyAdagradDA ResourceApplyAdagradV2 " +
            "ResourceApplyAdam ResourceApplyAdamWithAmsgrad ResourceApplyAddSign ResourceApplyCenteredRMSProp " +
            "ResourceApplyFtrl ResourceApplyFtrlV2 ResourceApplyGradientDescent ResourceApplyKerasMomentum " +
            "ResourceApplyMomentum ResourceApplyPowerSign ResourceApplyProximalAdagrad " +
            "ResourceApplyProximalGradientDescent ResourceApplyRMSProp ResourceSparseApplyAdadelta " +
            "ResourceSparseApplyAdagrad ResourceSparseApplyAdagradDA ResourceSparseApplyAdagradV2 " +
            "ResourceSparseApplyCenteredRMSProp ResourceSparseApplyFtrl ResourceSparseApplyFtrlV2 " +
            "ResourceSparseApplyKerasMomentum ResourceSparseApplyMomentum ResourceSparseApplyProximalAdagrad " +
            "ResourceSparseApplyProximalGradientDescent ResourceSparseApplyRMSProp SparseApplyAdadelta " +
            "SparseApplyAdagrad SparseApplyAdagradDA SparseApplyAdagradV2 SparseApplyCenteredRMSProp " +
            "SparseApplyFtrl SparseApplyFtrlV2 SparseApplyMomentum SparseApplyProximalAdagrad " +
            "SparseApplyProximalGradientDescent SparseApplyRMSProp"),
        // parsing_ops.cc and string_ops.cc: tf.Example/CSV/tensor parsing and string functions (TF1 serving graphs start with ParseExample)
        ("parsing",
            "DecodeCSV DecodeCompressed DecodeJSONExample DecodePaddedRaw DecodeRaw ParseExample ParseSequenceExample " +
            "ParseSingleExample ParseSingleSequenceExample ParseTensor SerializeTensor StringToNumber AsString DecodeBase64 " +
            "EncodeBase64 ReduceJoin RegexFullMatch RegexReplace StaticRegexFullMatch StaticRegexReplace StringFormat StringLength " +
            "StringLower StringNGrams StringSplit StringSplitV2 StringStrip StringToHashBucket StringToHashBucketFast " +
            "StringToHashBucketStrong StringUpper Substr UnicodeDecode UnicodeDecodeWithOffsets UnicodeEncode UnicodeScript " +
            "UnicodeTranscode UnsortedSegmentJoin"),
        // logging_ops.cc: Assert, Print (to stderr), the *Summary ops (they build a string); PrintV2 is judged by its output_stream
        ("logging",
            "Assert AudioSummary AudioSummaryV2 HistogramSummary ImageSummary MergeSummary Print ScalarSummary " +
            "TensorSummary TensorSummaryV2 Timestamp"),
    ];
}
