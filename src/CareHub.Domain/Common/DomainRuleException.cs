namespace CareHub.Domain.Common;

/// <summary>A rule of the domain refused a change. The message is written for a coordinator to read.</summary>
public sealed class DomainRuleException : Exception
{
    public DomainRuleException(string message) : base(message) { }

    public DomainRuleException() { }

    public DomainRuleException(string message, Exception innerException) : base(message, innerException) { }
}

internal static class Guard
{
    public static string Text(string? value, string what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new DomainRuleException($"{what} is required.");
        if (trimmed.Length > maxLength)
            throw new DomainRuleException($"{what} can be at most {maxLength} characters (it has {trimmed.Length}).");
        return trimmed;
    }

    public static string? OptionalText(string? value, string what, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        if (trimmed.Length > maxLength)
            throw new DomainRuleException($"{what} can be at most {maxLength} characters (it has {trimmed.Length}).");
        return trimmed;
    }

    public static Guid Id(Guid id, string what) =>
        id == Guid.Empty ? throw new DomainRuleException($"{what} is required.") : id;
}
