using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CareHub.Data;

/// <summary>
/// SQLite has no date-time-offset type. EF's binary form orders by the CLOCK time and keeps the offset in the low bits,
/// so an instant written as 23:30-05:00 sorts before 03:30+00:00 although it is later. Every instant is written in UTC
/// (the same binary form as before for UTC values), and so is every value a query compares with: comparisons and
/// ordering in SQL then follow time. Read back, an instant is UTC; screens convert to the organisation's time zone.
/// </summary>
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, long>(v => ToProvider(v), v => FromProvider(v))
{
    private static readonly DateTimeOffsetToBinaryConverter Binary = new();
    private static readonly Func<DateTimeOffset, long> ToBinary = Binary.ConvertToProviderExpression.Compile();
    private static readonly Func<long, DateTimeOffset> FromBinary = Binary.ConvertFromProviderExpression.Compile();

    public static long ToProvider(DateTimeOffset value) => ToBinary(value.ToUniversalTime());

    public static DateTimeOffset FromProvider(long value) => FromBinary(value);
}
