using CareHub.Domain.CarePlans;

namespace CareHub.Web.Features.CarePlans;

/// <summary>
/// How a field of an item is named where it leaves the server: in presence ("item:{itemId}:text", the field a person
/// is in) and in the browser's draft store ("{planId}:{itemId}:text").
/// </summary>
public static class CarePlanFieldKeys
{
    private const string ItemPrefix = "item:";

    /// <summary>"text", "detail", "status"...</summary>
    public static string Name(CarePlanField field) => field.ToString().ToLowerInvariant();

    public static string Presence(Guid itemId, CarePlanField field) => $"{ItemPrefix}{itemId:D}:{Name(field)}";

    public static string Draft(Guid planId, Guid itemId, CarePlanField field) => $"{planId:D}:{itemId:D}:{Name(field)}";

    /// <summary>Reads a draft key back (it comes from the browser: nothing but the exact form is accepted).</summary>
    public static bool TryParseDraft(string? key, out Guid planId, out Guid itemId, out CarePlanField field)
    {
        planId = itemId = Guid.Empty;
        field = default;
        var parts = key?.Split(':');
        if (parts is not { Length: 3 }
            || !Guid.TryParseExact(parts[0], "D", out planId)
            || !Guid.TryParseExact(parts[1], "D", out itemId)
            || !Enum.GetValues<CarePlanField>().Any(f => Name(f) == parts[2]))
            return false;
        field = Enum.GetValues<CarePlanField>().First(f => Name(f) == parts[2]);
        return true;
    }
}
