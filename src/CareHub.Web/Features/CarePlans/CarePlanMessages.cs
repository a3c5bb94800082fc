namespace CareHub.Web.Features.CarePlans;

/// <summary>What the care-plan page says when something was not done, in a coordinator's words.</summary>
public static class CarePlanMessages
{
    public const string NotFound = "This care plan or item does not exist, or it is not one your care teams can see.";
    public const string CouldNotSave = "The change could not be saved just now. Check your connection and try again.";
    public const string CouldNotLoad = "The care plan could not be loaded. Try again in a moment.";
    public const string CouldNotRefresh = "The care plan could not be brought up to date; what you see may be out of date. Reload to try again.";
    public const string PageClosed = "The page was closed before the change was saved.";

    /// <summary>Why a change was not saved (a conflict reads as one, though the page shows it in full).</summary>
    public static string Of(CarePlanResult result) => result switch
    {
        CarePlanResult.Invalid invalid => invalid.Message,
        CarePlanResult.NotFound => NotFound,
        CarePlanResult.Conflict conflict => $"{conflict.TheirName ?? "Someone else"} changed this at the same time.",
        _ => CouldNotSave,
    };
}
