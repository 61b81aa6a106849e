// Prepares a fresh isolate's global scope for one task, before the task's script runs. Evaluates to a
// function that the runtime calls once with its host hooks; that function returns [finish, describe]:
// `finish` turns the script's completion value (or what it passed to output()) into the task's
// output, `describe` turns a rejected promise's reason into a message and a stack.
//
// Everything here is strict-mode code, so stack-trace hooks (Error.prepareStackTrace call sites)
// see neither these functions nor their receivers, and the host hooks stay in this closure: they
// are never put on the global object.
(function (hostLog, hostInput, hostInputBytes, hostEnv, clockMillis, seedText) {
    'use strict';

    const global = globalThis;
    const defineProperty = Object.defineProperty;
    const stringify = JSON.stringify;
    const toText = String;
    const imul = Math.imul;
    const isView = ArrayBuffer.isView;
    const TypedArrayOfBytes = Uint8Array;
    const ErrorType = Error;

    function define(target, name, value) {
        defineProperty(target, name, {value, writable: true, enumerable: false, configurable: true});
    }

    // Nothing that reaches past the isolate or depends on when the garbage collector runs.
    for (const name of ['WebAssembly', 'Temporal', 'WeakRef', 'FinalizationRegistry']) {
        delete global[name];
    }

    // ---- task input, env and declared output -------------------------------------------------
    let inputText;
    let inputArray;
    defineProperty(global, 'input', {
        get() {
            if (inputText === undefined) inputText = hostInput();
            return inputText;
        },
        enumerable: false, configurable: false,
    });
    defineProperty(global, 'inputBytes', {
        get() {
            if (inputArray === undefined) inputArray = hostInputBytes();
            return inputArray;
        },
        enumerable: false, configurable: false,
    });
    defineProperty(global, 'env', {
        value: Object.freeze(Object.assign({}, hostEnv)), writable: false, enumerable: false, configurable: false,
    });

    let declared;
    define(global, 'output', function output(value) {
        declared = {value};
    });

    // ---- console ----------------------------------------------------------------------------
    const STDOUT = 0;
    const STDERR = 1;

    function format(value) {
        try {
            switch (typeof value) {
                case 'string': return value;
                case 'undefined': return 'undefined';
                case 'number': return Object.is(value, -0) ? '-0' : toText(value);
                case 'boolean': return toText(value);
                case 'bigint': return toText(value) + 'n';
                case 'symbol': return value.toString();
                case 'function': return '[Function: ' + (value.name || '(anonymous)') + ']';
            }
            if (value === null) return 'null';
            if (value instanceof ErrorType) return toText(value.stack || value);
            const json = stringify(value);
            return json === undefined ? toText(value) : json;
        } catch (e) {
            try {
                return toText(value);
            } catch (again) {
                return '[object]';
            }
        }
    }

    function writer(stream) {
        return function (...values) {
            let line = '';
            for (let i = 0; i < values.length; i++) {
                line += (i === 0 ? '' : ' ') + format(values[i]);
            }
            hostLog(stream, line);
        };
    }

    const console = {};
    define(console, 'log', writer(STDOUT));
    define(console, 'info', writer(STDOUT));
    define(console, 'debug', writer(STDOUT));
    define(console, 'dir', writer(STDOUT));
    define(console, 'warn', writer(STDERR));
    define(console, 'error', writer(STDERR));
    define(console, 'trace', writer(STDERR));
    define(console, 'assert', function assert(condition, ...values) {
        if (!condition) console.error('Assertion failed' + (values.length ? ':' : ''), ...values);
    });
    define(global, 'console', console);

    // ---- deterministic randomness: xoshiro128** seeded from the task's 64-bit seed -----------
    const seed = BigInt.asUintN(64, BigInt(seedText));
    function splitmix32(a) {
        return function () {
            a = (a + 0x9e3779b9) | 0;
            let t = a ^ (a >>> 16);
            t = imul(t, 0x21f0aaad);
            t ^= t >>> 15;
            t = imul(t, 0x735a2d97);
            return (t ^ (t >>> 15)) >>> 0;
        };
    }
    const low = splitmix32(Number(seed & 0xffffffffn));
    const high = splitmix32(Number(seed >> 32n));
    let s0 = low(), s1 = high(), s2 = low(), s3 = high();
    function rotl(x, k) {
        return (x << k) | (x >>> (32 - k));
    }
    function next() {
        const result = imul(rotl(imul(s1, 5), 7), 9) >>> 0;
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
        return result;
    }
    define(Math, 'random', function random() {
        // 53 random bits, like V8's own Math.random.
        return ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
    });

    // ---- deterministic time: "now" is the task's clock and local time is UTC ----------------
    const OriginalDate = Date;
    const proto = OriginalDate.prototype;
    const utc = OriginalDate.UTC;
    const originalParse = OriginalDate.parse;
    const getTime = proto.getTime;
    // A date-time without a zone is local time per ECMAScript; local time here is UTC.
    const zoneless = /^[+-]?\d{4,6}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

    function parse(text) {
        const string = toText(text);
        return originalParse(zoneless.test(string) ? string + 'Z' : string);
    }

    const FrozenDate = function Date(...args) {
        if (new.target === undefined) return proto.toString.call(new OriginalDate(clockMillis));
        let time;
        if (args.length === 0) time = clockMillis;
        else if (args.length === 1) time = typeof args[0] === 'string' ? parse(args[0]) : args[0];
        else time = utc(...args);
        return Reflect.construct(OriginalDate, [time], new.target);
    };
    defineProperty(FrozenDate, 'length', {value: 7});
    defineProperty(FrozenDate, 'prototype', {value: proto, writable: false, enumerable: false, configurable: false});
    define(proto, 'constructor', FrozenDate);
    define(FrozenDate, 'now', function now() {
        return clockMillis;
    });
    define(FrozenDate, 'parse', parse);
    define(FrozenDate, 'UTC', utc);
    define(global, 'Date', FrozenDate);

    for (const part of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
        define(proto, 'get' + part, proto['getUTC' + part]);
        if (part !== 'Day') define(proto, 'set' + part, proto['setUTC' + part]);
    }
    define(proto, 'getTimezoneOffset', function getTimezoneOffset() {
        getTime.call(this);
        return 0;
    });

    const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    function two(n) {
        return n < 10 ? '0' + n : '' + n;
    }
    function year(d) {
        const y = d.getUTCFullYear();
        return y < 0 ? '-' + toText(-y).padStart(6, '0') : toText(y).padStart(4, '0');
    }
    function dateString(d) {
        return DAYS[d.getUTCDay()] + ' ' + MONTHS[d.getUTCMonth()] + ' ' + two(d.getUTCDate()) + ' ' + year(d);
    }
    function timeString(d) {
        return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds())
            + ' GMT+0000 (Coordinated Universal Time)';
    }
    function localeDate(d) {
        return (d.getUTCMonth() + 1) + '/' + d.getUTCDate() + '/' + d.getUTCFullYear();
    }
    function localeTime(d) {
        const h = d.getUTCHours();
        return ((h % 12) || 12) + ':' + two(d.getUTCMinutes()) + ':' + two(d.getUTCSeconds()) + (h < 12 ? ' AM' : ' PM');
    }
    function formatter(name, body) {
        define(proto, name, {
            [name]() {
                const time = getTime.call(this);
                return time !== time ? 'Invalid Date' : body(this);
            },
        }[name]);
    }
    formatter('toString', d => dateString(d) + ' ' + timeString(d));
    formatter('toDateString', dateString);
    formatter('toTimeString', timeString);
    formatter('toLocaleString', d => localeDate(d) + ', ' + localeTime(d));
    formatter('toLocaleDateString', localeDate);
    formatter('toLocaleTimeString', localeTime);

    // ---- the task's output ------------------------------------------------------------------
    function describe(reason) {
        try {
            if (reason instanceof ErrorType) return [toText(reason), toText(reason.stack)];
        } catch (e) {
            // A hostile toString or stack getter: fall through to the generic form.
        }
        return ['Uncaught ' + format(reason), ''];
    }

    function finish(completion) {
        const value = declared ? declared.value : completion;
        if (value === undefined || typeof value === 'string') return value;
        if (value instanceof TypedArrayOfBytes) return value;
        if (value instanceof ArrayBuffer) return new TypedArrayOfBytes(value);
        if (isView(value)) return new TypedArrayOfBytes(value.buffer, value.byteOffset, value.byteLength);
        return stringify(value);
    }

    return [finish, describe];
})
