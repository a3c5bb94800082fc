namespace CareHub.Web.Features.Tasks;

/// <summary>The task feature's entry point: what other features and the composition may use.</summary>
public static class TasksFeature
{
    public const string Path = "/tasks";

    /// <summary>The task service (it reads the organisation's calendar, registered by the referral feature).</summary>
    public static IServiceCollection AddTasksFeature(this IServiceCollection services) => services.AddScoped<TasksService>();
}
