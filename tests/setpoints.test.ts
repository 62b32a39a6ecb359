import { describe, expect, it } from 'vitest';
import { CONTROL, Setpoints } from '../src/engine/setpoints.js';

// The contract between planners and the engine (src/engine/setpoints.ts), by hand on a 6-step axis.
describe('setpoints', () => {
  it('a window starts with every control off; open() fills only the window with the off value, once', () => {
    const sp = new Setpoints(6);
    sp.clear(2, 5);
    expect(sp.inUse).toBe(0);
    const shed = sp.open('shedAboveKw');
    expect(Array.from(shed)).toEqual([0, 0, Infinity, Infinity, Infinity, 0]);
    shed[3] = 100;
    sp.open('shedAboveKw'); // already open: what the planner wrote stays
    expect(shed[3]).toBe(100);
    expect(sp.inUse).toBe(CONTROL.shedAboveKw);
    expect(sp.has('shedAboveKw')).toBe(true);
    expect(sp.has('batteryKw')).toBe(false);
    sp.clear(0, 6);
    expect(sp.inUse).toBe(0);
  });

  it('writeAll() marks a control in use without filling; read() gives an off column for the others', () => {
    const sp = new Setpoints(4);
    sp.clear(0, 4);
    sp.writeAll('holdKw').set([1, 2, 3, 4]);
    expect(sp.inUse).toBe(CONTROL.holdKw);
    expect(Array.from(sp.read('holdKw'))).toEqual([1, 2, 3, 4]);
    expect(Array.from(sp.read('batteryKw'))).toEqual([0, 0, 0, 0]);
    expect(Array.from(sp.read('dischargeAboveKw'))).toEqual([Infinity, Infinity, Infinity, Infinity]);
    expect(Array.from(sp.read('chargeBelowKw'))).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(Array.from(sp.read('curtailAboveKw'))).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });

  it('holdKw is both battery levels, so combining it with either is refused', () => {
    const sp = new Setpoints(3);
    sp.clear(0, 3);
    sp.open('holdKw');
    expect(() => sp.open('dischargeAboveKw')).toThrow(/holdKw cannot be combined/);
    sp.clear(0, 3);
    sp.writeAll('chargeBelowKw');
    expect(() => sp.writeAll('holdKw')).toThrow(/holdKw cannot be combined/);
    sp.open('batteryKw'); // an explicit power combines with any level
    expect(sp.inUse).toBe(CONTROL.chargeBelowKw | CONTROL.batteryKw);
  });
  it('follow() reads a column where it is, for one window: by identity, not written, dropped by clear()', () => {
    const sp = new Setpoints(4);
    const cap = Float64Array.from([5, 6, 7, 8]);
    sp.clear(1, 3);
    sp.follow('shedAboveKw', cap);
    expect(sp.inUse).toBe(CONTROL.shedAboveKw);
    expect(sp.read('shedAboveKw')).toBe(cap); // the same column, which the physics tells by identity
    expect(() => sp.open('shedAboveKw')).toThrow(/follows a column in this window/);
    expect(() => sp.writeAll('shedAboveKw')).toThrow(/follows a column in this window/);
    expect(Array.from(cap)).toEqual([5, 6, 7, 8]);
    expect(() => sp.follow('curtailAboveKw', new Float64Array(3))).toThrow(/3 steps on an axis of 4/);
    sp.clear(0, 4);
    expect(sp.inUse).toBe(0);
    expect(Array.from(sp.read('shedAboveKw'))).toEqual([Infinity, Infinity, Infinity, Infinity]);
    sp.open('shedAboveKw')[0] = 1; // writable again in a new window, in its own column
    expect(sp.read('shedAboveKw')).not.toBe(cap);
    sp.clear(0, 4);
    sp.open('holdKw');
    expect(() => sp.follow('chargeBelowKw', cap)).toThrow(/holdKw cannot be combined/);
  });
});
