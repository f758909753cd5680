using Capstan.Cli.Alerts;
using Capstan.Cli.Aliases;
using Capstan.Cli.Artifacts;
using Capstan.Cli.Audit;
using Capstan.Cli.Auth;
using Capstan.Cli.Deployments;
using Capstan.Cli.Feedback;
using Capstan.Cli.Drift;
using Capstan.Cli.Logs;
using Capstan.Cli.Keys;
using Capstan.Cli.Models;
using Capstan.Cli.Performance;
using Capstan.Cli.Predict;
using Capstan.Cli.Pipelines;
using Capstan.Cli.Push;
using Capstan.Cli.Quickstart;
using Capstan.Cli.Rollouts;
using Capstan.Cli.Serving;
using Capstan.Cli.Versions;
using Spectre.Console.Cli;

namespace Capstan.Cli.Application;

/// <summary>Builds the <c>capstan</c> command line: every command, the shared terminal, and one error path.</summary>
internal static class CapstanApp
{
    /// <summary>Creates the application writing to <paramref name="terminal"/>.</summary>
    public static CommandApp Create(Terminal terminal)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("capstan");
            config.ConfigureConsole(terminal.Output);
            config.Settings.Registrar.RegisterInstance(terminal);
            config.UseStrictParsing();
            config.SetExceptionHandler((exception, _) => exception switch
            {
                CommandAppException => terminal.Fail(exception.Message, ExitCodes.InvalidInput),
                OperationCanceledException => terminal.Fail("Cancelled.", ExitCodes.Cancelled),
                _ => terminal.Fail($"{exception.GetType().Name}: {exception.Message}", ExitCodes.Internal),
            });
            AddCommands(config);
        });
        return app;
    }

    /// <summary>Registers every command; a new command is one more line here.</summary>
    public static void AddCommands(IConfigurator config)
    {
        config.AddCommand<PushCommand>("push").WithDescription("Push a model file as a new version.")
            .WithExample("push", "fraud", "model.onnx", "--alias", "staging", "--metric", "auc=0.97");
        config.AddCommand<ModelsCommand>("models").WithDescription("List models.");
        config.AddCommand<VersionsCommand>("versions").WithDescription("List a model's versions, newest first.");
        config.AddCommand<ShowCommand>("show").WithDescription("Show one version: artifact, signature, metadata, lineage, card.");
        config.AddBranch("alias", alias =>
        {
            alias.SetDescription("Manage aliases such as champion or staging.");
            alias.AddCommand<AliasSetCommand>("set").WithDescription("Point an alias at a version.");
            alias.AddCommand<AliasRemoveCommand>("rm").WithDescription("Remove an alias.");
            alias.AddCommand<AliasListCommand>("list").WithDescription("List a model's aliases.");
            alias.AddCommand<AliasHistoryCommand>("history").WithDescription("List every move of an alias.");
        });
        config.AddCommand<PullCommand>("pull").WithDescription("Download a version's artifact, verified against its digest.");
        config.AddCommand<ArchiveCommand>("archive").WithDescription("Hide a version from listings and 'latest'.");
        config.AddCommand<UnarchiveCommand>("unarchive").WithDescription("Bring an archived version back.");
        config.AddCommand<DeleteCommand>("delete").WithDescription("Delete a version given as NAME:N.");
        config.AddCommand<DeployCommand>("deploy").WithDescription("Serve a version under its model's name (name:N, or name@alias to follow the alias), or split traffic: --canary, --weights, --shadow, sticky keys.")
            .WithExample("deploy", "fraud@champion", "--max-batch-size", "32")
            .WithExample("deploy", "fraud:4", "--canary", "10", "--sticky-header", "x-user-id", "--reason", "try the retrained model")
            .WithExample("deploy", "fraud:4", "--rollout", "10,25,50,100", "--step", "5m");
        config.AddBranch("rollout", rollout =>
        {
            rollout.SetDescription("Follow and steer progressive rollouts started with 'capstan deploy REF --rollout 10,25,50,100'.");
            rollout.AddCommand<RolloutStatusCommand>("status").WithDescription("Show a rollout's steps, the current one marked, its last analysis and its decisions.");
            rollout.AddCommand<RolloutPauseCommand>("pause").WithDescription("Hold a rollout at its step.");
            rollout.AddCommand<RolloutResumeCommand>("resume").WithDescription("Let a paused rollout go on; its step's hold starts again.");
            rollout.AddCommand<RolloutPromoteCommand>("promote").WithDescription("Make the canary the stable version at 100% now.");
            rollout.AddCommand<RolloutAbortCommand>("abort").WithDescription("Send all the traffic back to the stable version now.");
        });
        config.AddCommand<UndeployCommand>("undeploy").WithDescription("Stop serving a model.");
        config.AddCommand<HistoryCommand>("history").WithDescription("List every revision of a model's deployment: who, when, what and why.");
        config.AddCommand<RollbackCommand>("rollback").WithDescription("Return a deployment to the previous revision, or to --to REVISION, as a new revision.");
        config.AddCommand<ApplyCommand>("apply").WithDescription("Make a deployment match a YAML or JSON file, idempotently, printing what changed.")
            .WithExample("apply", "-f", "deployment.yaml");
        config.AddCommand<DeploymentsCommand>("deployments").WithDescription("List deployments with their target and state.");
        config.AddCommand<StatusCommand>("status").WithDescription("Show the server's loaded models: state, memory, queue and batches.");
        config.AddBranch<ClientSettings>("audit", audit =>
        {
            audit.SetDescription("List, verify and export the tamper-evident audit trail.");
            audit.SetDefaultCommand<AuditCommand>();
            audit.AddCommand<AuditVerifyCommand>("verify").WithDescription("Recompute the hash chain; exit non-zero if anything was changed.");
            audit.AddCommand<AuditExportCommand>("export").WithDescription("Write every entry, oldest first, as JSON lines.");
        });
        config.AddBranch("keys", keys =>
        {
            keys.SetDescription("Manage API keys.");
            keys.AddCommand<KeyCreateCommand>("create").WithDescription("Create a key and print it once.")
                .WithExample("keys", "create", "--role", "deployer", "--name", "ci", "--models", "fraud,churn", "--expires", "30d");
            keys.AddCommand<KeysListCommand>("list").WithDescription("List keys; secrets are never shown.");
            keys.AddCommand<KeyRevokeCommand>("revoke").WithDescription("Revoke a key by its id.");
        });
        config.AddCommand<LogsCommand>("logs").WithDescription("Print a model's logged requests for a time range, as a table, CSV or JSON lines.")
            .WithExample("logs", "fraud", "--since", "1h", "--format", "csv");
        config.AddBranch("pipeline", pipeline =>
        {
            pipeline.SetDescription("Apply continuous-training pipelines and run them.");
            pipeline.AddCommand<PipelineApplyCommand>("apply").WithDescription("Apply a pipeline spec file (YAML or JSON); an unchanged spec writes nothing.")
                .WithExample("pipeline", "apply", "-f", "pipeline.yaml");
            pipeline.AddCommand<PipelineRunCommand>("run").WithDescription("Start a run by hand; --wait follows it with a progress bar.")
                .WithExample("pipeline", "run", "weather", "--wait");
        });
        config.AddCommand<PipelinesCommand>("pipelines").WithDescription("List pipelines.");
        config.AddCommand<RunsCommand>("runs").WithDescription("List pipeline runs, newest first.").WithExample("runs", "weather");
        config.AddBranch("run", run =>
        {
            run.SetDescription("Show or cancel one pipeline run.");
            run.AddCommand<RunShowCommand>("show").WithDescription("Show a run: parameters, metrics per candidate and fold, gate, lineage and log.");
            run.AddCommand<RunCancelCommand>("cancel").WithDescription("Cancel a queued or running run.");
        });
        config.AddBranch("alerts", alerts =>
        {
            alerts.SetDescription("List alert rules with their state, and each rule's history.");
            alerts.SetDefaultCommand<AlertsCommand>();
            alerts.AddCommand<AlertHistoryCommand>("history").WithDescription("List a rule's transitions, newest first.");
        });
        config.AddBranch("alert", alert =>
        {
            alert.SetDescription("Manage alert rules on a model's signals.");
            alert.AddCommand<AlertSetCommand>("set").WithDescription("Create or replace an alert rule.")
                .WithExample("alert", "set", "bc-errors", "--model", "bc", "--signal", "error_rate", "--above", "0.05", "--window", "10m", "--for", "5m", "--webhook", "https://hooks.example.com/T1/B2", "--slack");
            alert.AddCommand<AlertRemoveCommand>("rm").WithDescription("Delete an alert rule with its state and history.");
            alert.AddCommand<AlertApplyCommand>("apply").WithDescription("Create or replace every rule a YAML or JSON file lists.")
                .WithExample("alert", "apply", "-f", "rules.yaml");
        });
        config.AddCommand<PredictCommand>("predict").WithDescription("Run a deployed model on the rows of a CSV, JSON or JSON-lines file and print each row's outputs.")
            .WithExample("predict", "bc", "--input", "rows.csv");
        config.AddCommand<FeedbackCommand>("feedback").WithDescription("Post the true labels of answered requests, one or a CSV/JSON-lines file of them, to measure realized performance.")
            .WithExample("feedback", "fraud", "--request-id", "req-42", "--label", "true")
            .WithExample("feedback", "fraud", "--file", "labels.csv");
        config.AddCommand<PerformanceCommand>("performance").WithDescription("Show a model's realized performance per version and time bucket, from its logged predictions and their labels.")
            .WithExample("performance", "fraud", "--window", "7d", "--bucket", "1d");
        config.AddCommand<ProfileCommand>("profile").WithDescription("Profile a version from its training data (CSV or Parquet), for drift detection.")
            .WithExample("profile", "fraud:3", "--data", "train.csv");
        config.AddCommand<DriftCommand>("drift").WithDescription("Show a model's data and prediction drift over a window of its inference log, and write an HTML report.")
            .WithExample("drift", "fraud", "--window", "1h", "--html", "report.html")
            .WithExample("drift", "fraud", "--test", "psi", "--threshold", "0.2");
        config.AddBranch("auth", auth =>
        {
            auth.SetDescription("The credentials the CLI uses.");
            auth.AddCommand<AuthTokenCommand>("token").WithDescription("Print the API key the CLI sends to the server.");
        });
        config.AddCommand<ServeCommand>("serve").WithDescription("Run the Capstan server until Ctrl+C.");
        config.AddCommand<QuickstartCommand>("quickstart")
            .WithDescription("Start a server on ./.capstan, train and register a model in ML.NET and ONNX form, and serve until Ctrl+C.");
    }
}
