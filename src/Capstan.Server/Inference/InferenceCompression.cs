using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace Capstan.Server.Inference;

/// <summary>Compresses inference answers for clients that ask with <c>Accept-Encoding</c> (gzip, deflate or br), as Triton's HTTP front end does.</summary>
/// <remarks>
/// Only the inference routes (<c>/v2</c> and <c>/v1/models</c>) are compressed, over HTTPS as well: their answers
/// hold model outputs and nothing secret, while compressing control-plane answers that carry keys or tokens beside
/// text a caller chose would open them to length-based attacks such as BREACH. The fastest levels are used, since
/// these answers are small and latency counts. Request bodies are decompressed by <see cref="Rest.RequestEncoding"/>.
/// </remarks>
public static class InferenceCompression
{
    /// <summary>Registers gzip, deflate (zlib) and Brotli compression of JSON and binary tensor data answers.</summary>
    public static IServiceCollection AddCapstanInferenceCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = ["application/json", "application/octet-stream"];
            options.Providers.Add<GzipCompressionProvider>();
            options.Providers.Add<DeflateCompressionProvider>();
            options.Providers.Add<BrotliCompressionProvider>();
        });
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        return services;
    }

    /// <summary>Compresses the answers of the inference routes when the client accepts it.</summary>
    public static IApplicationBuilder UseCapstanInferenceCompression(this IApplicationBuilder app) =>
        app.UseWhen(context => IsInference(context.Request.Path), inference => inference.UseResponseCompression());

    private static bool IsInference(PathString path) =>
        path.StartsWithSegments("/v2", StringComparison.Ordinal) || path.StartsWithSegments("/v1/models", StringComparison.Ordinal);
}
