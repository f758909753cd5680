using Capstan.Core.Errors;
using Capstan.Core.Signatures;
using Capstan.Core.Tensors;
using Capstan.Serving.Validation;
using Capstan.Testing.Models;

namespace Capstan.Serving.Tests.Validation;

public sealed class InputValidatorTests
{
    private static readonly InputValidator Validator = new(new ServingLimits());

    [Fact]
    public void Validate_AcceptsABreastCancerBatchAndResolvesEveryDeclaredOutput()
    {
        var signature = TestSignatures.BreastCancerOnnx;
        var features = Fp32("Features", 2, 30);

        var validated = Validator.Validate(new InferenceRequest("1", [features]), signature).Value;

        Assert.Same(features, Assert.Single(validated.Inputs));
        Assert.Equal(signature.Outputs.Select(output => output.Name), validated.Outputs);
    }

    [Fact]
    public void Validate_OrdersTheInputsAsTheSignatureDeclaresThem()
    {
        var request = new InferenceRequest(null,
            [Fp32("MeanArea", 3, 1), Fp32("MeanPerimeter", 3, 1), Fp32("MeanTexture", 3, 1), Fp32("MeanRadius", 3, 1)]);

        var validated = Validator.Validate(request, TestSignatures.ScalarInputsOnnx).Value;

        Assert.Equal(["MeanRadius", "MeanTexture", "MeanPerimeter", "MeanArea"], validated.Inputs.Select(input => input.Name));
    }

    [Fact]
    public void Validate_LetsAnOptionalInputBeAbsent()
    {
        var validated = Validator.Validate(new InferenceRequest(null, [Fp32("Features", 1, 30)]), TestSignatures.BreastCancerMlNet).Value;

        Assert.Equal(["Features"], validated.Inputs.Select(input => input.Name));
    }

    [Fact]
    public void Validate_KeepsAnOptionalInputThatIsSent()
    {
        var label = Tensor.From("Label", TensorDataType.Bool, [1], [(byte)1]);

        var validated = Validator.Validate(new InferenceRequest(null, [label, Fp32("Features", 1, 30)]), TestSignatures.BreastCancerMlNet).Value;

        Assert.Equal(["Features", "Label"], validated.Inputs.Select(input => input.Name));
    }

    [Fact]
    public void Validate_RefusesAnInputTheModelDoesNotDeclare()
    {
        var error = Refusal(TestSignatures.BreastCancerMlNet, Fp32("Features", 1, 30), Fp32("Extra", 1));

        Assert.Equal("The model has no input 'Extra'; its inputs are 'Features', 'Label'.", error.Message);
    }

    [Fact]
    public void Validate_RefusesARequestWithoutARequiredInput()
    {
        var label = Tensor.From("Label", TensorDataType.Bool, [1], [(byte)0]);

        var error = Refusal(TestSignatures.BreastCancerMlNet, label);

        Assert.Equal("The request has no input 'Features', which the model requires.", error.Message);
    }

    [Fact]
    public void Validate_NamesEveryMissingRequiredInput()
    {
        var error = Refusal(TestSignatures.ScalarInputsOnnx, Fp32("MeanRadius", 1, 1), Fp32("MeanArea", 1, 1));

        Assert.Equal("The request has no inputs 'MeanTexture', 'MeanPerimeter', which the model requires.", error.Message);
    }

    [Fact]
    public void Validate_RefusesAnInputSentTwice()
    {
        var error = Refusal(TestSignatures.BreastCancerOnnx, Fp32("Features", 1, 30), Fp32("Features", 1, 30));

        Assert.Equal("The input 'Features' is sent more than once.", error.Message);
    }

    [Fact]
    public void Validate_RefusesAnotherDataType()
    {
        var features = Tensor.From("Features", TensorDataType.Fp64, [1, 30], new double[30]);

        var error = Refusal(TestSignatures.BreastCancerOnnx, features);

        Assert.Equal("The input 'Features' is FP64, but the model takes FP32.", error.Message);
    }

    [Fact]
    public void Validate_RefusesAnotherRank()
    {
        var error = Refusal(TestSignatures.BreastCancerOnnx, Fp32("Features", 30));

        Assert.Equal("The input 'Features' has the shape [30], but the model takes [-1,30]: 1 dimension instead of 2.", error.Message);
    }

    [Fact]
    public void Validate_RefusesADimensionThatDiffersFromAFixedOne()
    {
        var error = Refusal(TestSignatures.BreastCancerOnnx, Fp32("Features", 2, 29));

        Assert.Equal("The input 'Features' has the shape [2,29], but the model takes [-1,30]: dimension 1 is 29, not 30.", error.Message);
    }

    [Fact]
    public void Validate_LetsAVariableDimensionTakeAnySize()
    {
        var extras = Fp32("Extras", 2, 7);

        var validated = Validator.Validate(new InferenceRequest(null, [.. MixedRequiredInputs(2), extras]), TestSignatures.MixedInputs).Value;

        Assert.Contains(extras, validated.Inputs);
    }

    [Fact]
    public void Validate_RefusesInputsWhoseBatchDimensionsDiffer()
    {
        var error = Refusal(TestSignatures.ScalarInputsOnnx,
            Fp32("MeanRadius", 2, 1), Fp32("MeanTexture", 2, 1), Fp32("MeanPerimeter", 3, 1), Fp32("MeanArea", 2, 1));

        Assert.Equal(
            "The input 'MeanPerimeter' has 3 rows (its first dimension), but 'MeanRadius' has 2; every input needs the same batch size.",
            error.Message);
    }

    [Fact]
    public void Validate_RefusesATensorOverTheElementLimitAndSaysTheLimit()
    {
        var validator = new InputValidator(new ServingLimits { MaxTensorElements = 59 });

        var error = validator.Validate(new InferenceRequest(null, [Fp32("Features", 2, 30)]), TestSignatures.BreastCancerOnnx).Error;

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Equal("The input 'Features' has 60 elements, over the limit of 59 per tensor.", error.Message);
    }

    [Fact]
    public void Validate_CountsTextBytesAgainstTheInputByteLimit()
    {
        var validator = new InputValidator(new ServingLimits { MaxInputBytes = 1_000 });
        var comment = Tensor.FromElements("Comment", [2], [new byte[500], new byte[499]]);

        var error = validator.Validate(new InferenceRequest(null, [comment, .. MixedRequiredInputs(2)[1..]]), TestSignatures.MixedInputs).Error;

        Assert.Equal("The inputs take 1,001 bytes, over the limit of 1,000 per request.", error.Message);
    }

    [Fact]
    public void Validate_RefusesMoreInputsThanTheLimit()
    {
        var validator = new InputValidator(new ServingLimits { MaxInputs = 3 });

        var error = validator.Validate(new InferenceRequest(null, MixedRequiredInputs(1)), TestSignatures.MixedInputs).Error;

        Assert.Equal("The request has 6 inputs, over the limit of 3.", error.Message);
    }

    [Fact]
    public void Validate_ReshapesAScalarColumnSentAsAColumnVectorWithoutCopying()
    {
        var label = Tensor.From("Label", TensorDataType.Bool, [3, 1], new byte[] { 1, 0, 1 });

        var validated = Validator.Validate(new InferenceRequest(null, [Fp32("Features", 3, 30), label]), TestSignatures.BreastCancerMlNet).Value;

        var reshaped = validated.Inputs[1];
        Assert.Equal([3L], reshaped.Shape);
        Assert.True(reshaped.Data.Span == label.Data.Span);
    }

    [Fact]
    public void Validate_ReshapesATextColumnSentAsAColumnVector()
    {
        var comment = Tensor.FromElements("Comment", [2, 1], ["calm"u8.ToArray(), "odd"u8.ToArray()]);

        var validated = Validator.Validate(new InferenceRequest(null, [comment, .. MixedRequiredInputs(2)[1..]]), TestSignatures.MixedInputs).Value;

        var reshaped = validated.Inputs.Single(input => input.Name == "Comment");
        Assert.Equal([2L], reshaped.Shape);
        Assert.Same(comment.Elements, reshaped.Elements);
    }

    [Fact]
    public void Validate_ReshapesAFlatColumnForAnOnnxScalarInput()
    {
        string[] names = ["MeanRadius", "MeanTexture", "MeanPerimeter", "MeanArea"];

        var validated = Validator.Validate(new InferenceRequest(null, [.. names.Select(name => Fp32(name, 4))]), TestSignatures.ScalarInputsOnnx).Value;

        Assert.All(validated.Inputs, input => Assert.Equal([4L, 1L], input.Shape));
    }

    [Fact]
    public void Validate_RefusesAColumnVectorWhoseRowsDifferFromTheBatch()
    {
        var error = Refusal(TestSignatures.ScalarInputsOnnx,
            Fp32("MeanRadius", 2), Fp32("MeanTexture", 2, 1), Fp32("MeanPerimeter", 2), Fp32("MeanArea", 3));

        Assert.Equal(
            "The input 'MeanArea' has 3 rows (its first dimension), but 'MeanRadius' has 2; every input needs the same batch size.",
            error.Message);
    }

    [Fact]
    public void Validate_KeepsTheRequestedOutputsInTheirOrder()
    {
        var request = new InferenceRequest(null, [Fp32("Features", 1, 30)], ["Probability", "PredictedLabel"]);

        var validated = Validator.Validate(request, TestSignatures.BreastCancerMlNet).Value;

        Assert.Equal(["Probability", "PredictedLabel"], validated.Outputs);
    }

    [Fact]
    public void Validate_ResolvesEveryDeclaredOutputForAnEmptyList()
    {
        var validated = Validator.Validate(new InferenceRequest(null, [Fp32("Features", 1, 30)], []), TestSignatures.BreastCancerMlNet).Value;

        Assert.Equal(["PredictedLabel", "Score", "Probability"], validated.Outputs);
    }

    [Fact]
    public void Validate_RefusesAnOutputTheModelDoesNotDeclare()
    {
        var request = new InferenceRequest(null, [Fp32("Features", 1, 30)], ["Score", "Features"]);

        var error = Validator.Validate(request, TestSignatures.BreastCancerMlNet).Error;

        Assert.Equal("The model has no output 'Features'; its outputs are 'PredictedLabel', 'Score', 'Probability'.", error.Message);
    }

    [Fact]
    public void Validate_RefusesAnOutputRequestedTwice()
    {
        var request = new InferenceRequest(null, [Fp32("Features", 1, 30)], ["Score", "Score"]);

        var error = Validator.Validate(request, TestSignatures.BreastCancerMlNet).Error;

        Assert.Equal("The output 'Score' is requested more than once.", error.Message);
    }

    [Fact]
    public void Limits_RefuseValuesOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServingLimits { MaxInputs = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ServingLimits { MaxRequestBytes = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new InputValidator(new ServingLimits { MaxInputBytes = long.MaxValue }));
    }

    private static Error Refusal(ModelSignature signature, params Tensor[] inputs)
    {
        var result = Validator.Validate(new InferenceRequest(null, inputs), signature);
        Assert.False(result.IsSuccess, $"validation passed: {result}");
        Assert.Equal(ErrorCode.InvalidInput, result.Error.Code);
        return result.Error;
    }

    private static Tensor Fp32(string name, params long[] shape)
    {
        long count = 1;
        foreach (var dimension in shape)
            count *= dimension;
        return Tensor.From(name, TensorDataType.Fp32, shape, new float[count]);
    }

    private static Tensor[] MixedRequiredInputs(int rows) =>
    [
        Tensor.FromElements("Comment", [rows], [.. Enumerable.Repeat<ReadOnlyMemory<byte>>("fine"u8.ToArray(), rows)]),
        Tensor.From("Flag", TensorDataType.Bool, [rows], new byte[rows]),
        Fp32("Amount", rows),
        Tensor.From("Count", TensorDataType.Int32, [rows], new int[rows]),
        Tensor.From("Category", TensorDataType.UInt32, [rows], new uint[rows]),
        Fp32("Readings", rows, 4),
    ];
}
