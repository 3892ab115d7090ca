import { logSettingsFrom, sdkLogConfigSettings, SDK_LOG_CONFIG_ENV } from '../src';
import { tempFiles } from './tmp-files';

// The logging config file Meltano writes for a Singer plugin (SINGER_SDK_LOG_CONFIG): a Python dictConfig whose
// formatter is the SDK's StructuredFormatter when the plugin declares structured-logging, else a plain format.
const meltanoConfig = (formatter: Record<string, unknown>, level = 'INFO') =>
  JSON.stringify({
    version: 1,
    disable_existing_loggers: false,
    formatters: { singer_formatter: formatter },
    handlers: {
      console: { class: 'logging.StreamHandler', formatter: 'singer_formatter', stream: 'ext://sys.stderr' },
    },
    root: { handlers: ['console'], level },
  });

describe('SINGER_SDK_LOG_CONFIG', () => {
  const files = tempFiles({
    structured: meltanoConfig({ '()': 'singer_sdk.logging.StructuredFormatter' }, 'DEBUG'),
    plain: meltanoConfig({ format: '%(message)s' }, 'WARNING'),
    yaml: 'version: 1\nformatters:\n  json:\n    (): singer_sdk.logging.StructuredFormatter\n',
    oddLevel: meltanoConfig({ '()': 'singer_sdk.logging.StructuredFormatter' }, 'NOTSET'),
    notJsonObject: '[1, 2]',
  });
  const env = (name: string) => ({ [SDK_LOG_CONFIG_ENV]: files[name] });

  test("Meltano's structured formatter asks for JSON lines at the root level", () => {
    expect(sdkLogConfigSettings(env('structured'))).toEqual({ format: 'json', level: 'debug' });
    expect(sdkLogConfigSettings(env('plain'))).toEqual({ format: 'text', level: 'warn' });
  });

  test('a YAML config is recognised by its formatter class; odd levels and shapes keep the defaults', () => {
    expect(sdkLogConfigSettings(env('yaml'))).toEqual({ format: 'json' });
    expect(sdkLogConfigSettings(env('oddLevel'))).toEqual({ format: 'json' });
    expect(sdkLogConfigSettings(env('notJsonObject'))).toEqual({});
    expect(sdkLogConfigSettings({ [SDK_LOG_CONFIG_ENV]: '/nonexistent/logging.json' })).toEqual({});
    expect(sdkLogConfigSettings({})).toEqual({});
  });

  test('flags, then LOG_LEVEL/LOG_FORMAT, then the config file, then info and text', () => {
    const fromFile = sdkLogConfigSettings(env('structured'));
    expect(logSettingsFrom({}, {}, fromFile)).toEqual({ level: 'debug', format: 'json' });
    expect(logSettingsFrom({}, { LOG_LEVEL: 'error', LOG_FORMAT: 'text' }, fromFile)).toEqual({
      level: 'error',
      format: 'text',
    });
    expect(logSettingsFrom({ 'log-level': 'info', 'log-format': 'text' }, {}, fromFile)).toEqual({
      level: 'info',
      format: 'text',
    });
  });
});
