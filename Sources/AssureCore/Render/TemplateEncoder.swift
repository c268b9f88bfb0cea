/// Turns a typed page context into what the templates read (`TemplateValue`): objects, lists,
/// strings, numbers and Bools. Every property becomes a key, and an absent optional becomes `false`,
/// never a missing key: Mustache looks a missing key up in the enclosing context, which would
/// show a policy's summary under each of its controls.
enum TemplateEncoder {
    static func value<Value: Encodable>(_ value: Value) -> TemplateValue {
        // The type is compared, not the value cast: a context is mostly nested structs and
        // lists, for which three failed dynamic casts each cost more than encoding them.
        if Value.self == String.self, let text = value as? String { return .string(text) }
        if Value.self == Bool.self, let flag = value as? Bool { return .bool(flag) }
        if Value.self == Int.self, let number = value as? Int { return .int(number) }
        if Value.self == EncodedContext.self, let encoded = value as? EncodedContext { return encoded.value }
        let slot = Slot()
        // The encoder below never throws; a context type that did would be a programming error.
        try! value.encode(to: ContextEncoder(slot: slot))
        return slot.resolved
    }

    /// The context of a page: an object.
    static func object(_ value: some Encodable) -> TemplateValue {
        let encoded = self.value(value)
        if case .object = encoded { return encoded }
        return .object([:])
    }
}

/// A part of a context already turned into template values, put into many pages as it is.
struct EncodedContext: Encodable, Sendable {
    let value: TemplateValue

    init(_ value: TemplateValue) { self.value = value }

    /// For an encoder other than `TemplateEncoder`, the values as they are.
    func encode(to encoder: any Encoder) throws {
        func single(_ value: some Encodable) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
        switch value {
        case .string(let text): try single(text)
        case .bool(let flag): try single(flag)
        case .int(let number): try single(number)
        case .double(let number): try single(number)
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(EncodedContext(item)) }
        case .object(let fields):
            var container = encoder.container(keyedBy: Key.self)
            for (key, field) in fields.sorted(by: { $0.key < $1.key }) {
                try container.encode(EncodedContext(field), forKey: Key(stringValue: key))
            }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// Two contexts read as one, the keys of `second` over those of `first` (a framework group is
/// its coverage figures plus its rows).
struct Merged<First: Encodable, Second: Encodable>: Encodable {
    var first: First
    var second: Second

    init(_ first: First, _ second: Second) {
        self.first = first
        self.second = second
    }

    func encode(to encoder: any Encoder) throws {
        try first.encode(to: encoder)
        try second.encode(to: encoder)
    }
}

/// Where one value is written while encoding: a plain value, or the storage of a dictionary or
/// array that containers fill in (several containers may share one, as `Merged` does).
private final class Slot {
    enum Content {
        case value(TemplateValue)
        case keyed(KeyedStorage)
        case unkeyed(UnkeyedStorage)
    }
    var content: Content = .value(.bool(false))

    var keyed: KeyedStorage {
        if case .keyed(let storage) = content { return storage }
        let storage = KeyedStorage()
        content = .keyed(storage)
        return storage
    }

    var unkeyed: UnkeyedStorage {
        if case .unkeyed(let storage) = content { return storage }
        let storage = UnkeyedStorage()
        content = .unkeyed(storage)
        return storage
    }

    var resolved: TemplateValue {
        switch content {
        case .value(let value): value
        case .keyed(let storage): .object(storage.resolved)
        case .unkeyed(let storage): .list(storage.resolved)
        }
    }
}

/// A dictionary or array being filled in. Containers nested in it (which Assure's contexts do
/// not use, but a conformance may) are kept as storage until the whole value is resolved.
private final class KeyedStorage {
    /// Room for a context's usual fields from the start: growing a dictionary rehashes it.
    var items = [String: TemplateValue](minimumCapacity: 12)
    var nested: [String: AnyObject] = [:]

    var resolved: [String: TemplateValue] {
        guard !nested.isEmpty else { return items }
        var all = items
        for (key, storage) in nested { all[key] = resolve(storage) }
        return all
    }
}

private final class UnkeyedStorage {
    var items: [TemplateValue] = []
    var nested: [Int: AnyObject] = [:]

    var resolved: [TemplateValue] {
        guard !nested.isEmpty else { return items }
        var all = items
        for (index, storage) in nested { all[index] = resolve(storage) }
        return all
    }
}

private func resolve(_ storage: AnyObject) -> TemplateValue {
    switch storage {
    case let keyed as KeyedStorage: .object(keyed.resolved)
    case let unkeyed as UnkeyedStorage: .list(unkeyed.resolved)
    default: .bool(false)
    }
}

private struct ContextEncoder: Encoder {
    let slot: Slot
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContext<Key>(storage: slot.keyed, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContext(storage: slot.unkeyed, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContext(slot: slot, codingPath: codingPath)
    }
}

private struct KeyedContext<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: KeyedStorage
    var codingPath: [any CodingKey]

    private func set(_ value: TemplateValue, _ key: Key) { storage.items[key.stringValue] = value }

    mutating func encodeNil(forKey key: Key) { set(.bool(false), key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) { set(.int(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) { set(.double(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) { set(TemplateEncoder.value(value), key) }

    // Synthesised conformances skip an absent optional; here it is written as `false`.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) { set(.bool(value ?? false), key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) {
        set(value.map { .string($0) } ?? .bool(false), key)
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) { set(value.map { .int($0) } ?? .bool(false), key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) {
        set(value.map { .double($0) } ?? .bool(false), key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) {
        set(value.map { TemplateEncoder.value($0) } ?? .bool(false), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = KeyedStorage()
        storage.nested[key.stringValue] = nested
        return KeyedEncodingContainer(KeyedContext<NestedKey>(storage: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = UnkeyedStorage()
        storage.nested[key.stringValue] = nested
        return UnkeyedContext(storage: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { ContextEncoder(slot: Slot(), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

private struct UnkeyedContext: UnkeyedEncodingContainer {
    let storage: UnkeyedStorage
    var codingPath: [any CodingKey]
    var count: Int { storage.items.count }

    mutating func encodeNil() { storage.items.append(.bool(false)) }
    mutating func encode(_ value: Bool) { storage.items.append(.bool(value)) }
    mutating func encode(_ value: String) { storage.items.append(.string(value)) }
    mutating func encode(_ value: Int) { storage.items.append(.int(value)) }
    mutating func encode(_ value: Double) { storage.items.append(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) { storage.items.append(TemplateEncoder.value(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = KeyedStorage()
        storage.nested[storage.items.count] = nested
        storage.items.append(.bool(false))
        return KeyedEncodingContainer(KeyedContext<NestedKey>(storage: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = UnkeyedStorage()
        storage.nested[storage.items.count] = nested
        storage.items.append(.bool(false))
        return UnkeyedContext(storage: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { ContextEncoder(slot: Slot(), codingPath: codingPath) }
}

private struct SingleContext: SingleValueEncodingContainer {
    let slot: Slot
    var codingPath: [any CodingKey]

    mutating func encodeNil() { slot.content = .value(.bool(false)) }
    mutating func encode(_ value: Bool) { slot.content = .value(.bool(value)) }
    mutating func encode(_ value: String) { slot.content = .value(.string(value)) }
    mutating func encode(_ value: Int) { slot.content = .value(.int(value)) }
    mutating func encode(_ value: Double) { slot.content = .value(.double(value)) }
    mutating func encode<T: Encodable>(_ value: T) { slot.content = .value(TemplateEncoder.value(value)) }
}
