namespace CareHub.Domain.CarePlans;

/// <summary>
/// The categories an item of each kind may have: problem or health concern, short- or long-term goal, the service
/// type, the SDOH domain of a barrier, the kind of advance-care-planning entry. Kinds without categories take none.
/// </summary>
public static class CarePlanCategories
{
    public const string Problem = "Problem";
    public const string HealthConcern = "Health concern";
    public const string ShortTerm = "Short term";
    public const string LongTerm = "Long term";
    public const string HomeHealth = "Home health";
    public const string MedicalEquipment = "Durable medical equipment";
    public const string CommunitySupport = "Community support";
    public const string Housing = "Housing";
    public const string Food = "Food";
    public const string Transportation = "Transportation";
    public const string Utilities = "Utilities";
    public const string Safety = "Safety";
    public const string Language = "Language";
    public const string Wishes = "Wishes";
    public const string Document = "Document";
    public const string Proxy = "Health care proxy";

    public static IReadOnlyList<string> For(CarePlanItemKind kind) => kind switch
    {
        CarePlanItemKind.Problem => [Problem, HealthConcern],
        CarePlanItemKind.Goal => [ShortTerm, LongTerm],
        CarePlanItemKind.Service => [HomeHealth, MedicalEquipment, CommunitySupport],
        CarePlanItemKind.Barrier => [Housing, Food, Transportation, Utilities, Safety, Language],
        CarePlanItemKind.AdvanceCarePlanning => [Wishes, Document, Proxy],
        _ => [],
    };

    /// <summary>The category a new item of the kind starts with (null for kinds without categories).</summary>
    public static string? DefaultFor(CarePlanItemKind kind) => For(kind) is [var first, ..] ? first : null;

    /// <summary>The category as stored (the listed spelling), or a refusal that lists the choices.</summary>
    public static string? Check(CarePlanItemKind kind, string? category)
    {
        var allowed = For(kind);
        if (allowed.Count == 0)
        {
            if (!string.IsNullOrWhiteSpace(category))
                throw new Common.DomainRuleException(CarePlanItem.NotApplicableMessage(kind, CarePlanField.Category));
            return null;
        }
        var match = allowed.FirstOrDefault(a => string.Equals(a, category?.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new Common.DomainRuleException(
            $"Choose one of: {string.Join(", ", allowed)}.");
    }
}
