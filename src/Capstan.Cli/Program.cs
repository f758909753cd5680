using Capstan.Cli.Application;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await CapstanApp.Create(Terminal.ForProcess()).RunAsync(args, cancellation.Token);
